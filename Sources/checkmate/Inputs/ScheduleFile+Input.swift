import Checkmate
import Foundation

extension ScheduleFile {
    /// Reads the schedule file at `path` against `graph`.
    ///
    /// - Throws: ``InputError`` naming the file: unreadable, or content that
    ///   breaks the `checkmate-schedule` format (`ScheduleFileError`).
    public init(contentsOf path: String, graph: TrainingGraph) throws(InputError) {
        let data = try FileAccess.read(path)
        do {
            self = try ScheduleFile(json: data, graph: graph)
        } catch {
            throw InputError(.invalid, source: path, message: error.description)
        }
    }

    /// Writes the file's JSON to `path` by ``FileAccess/write(_:to:)``'s rules.
    ///
    /// - Throws: ``InputError`` of kind ``InputError/Kind/unwritable`` when it cannot be written.
    public func write(to path: String, graph: TrainingGraph) throws(InputError) {
        try FileAccess.write(json(graph: graph), to: path)
    }
}
