import Checkmate
import Foundation

extension ScheduleFile {
    /// Reads the schedule file at `path` against `graph`.
    ///
    /// - Throws: ``InputError`` naming the file: unreadable, or content that
    ///   breaks the `checkmate-schedule` format (``ScheduleFileError``).
    public init(contentsOf path: String, graph: TrainingGraph) throws(InputError) {
        let data = try GraphSource.read(path)
        do {
            self = try ScheduleFile(json: data, graph: graph)
        } catch {
            throw InputError(.invalid, source: path, message: error.description)
        }
    }

    /// Writes the file's JSON to `path`, replacing any file there.
    ///
    /// - Throws: ``InputError`` of kind ``InputError/Kind/unreadable`` when it cannot be written.
    public func write(to path: String, graph: TrainingGraph) throws(InputError) {
        do {
            try json(graph: graph).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw InputError(.unreadable, source: path, message: "cannot be written (\(error.localizedDescription))")
        }
    }
}
