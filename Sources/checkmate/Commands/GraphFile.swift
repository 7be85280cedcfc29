import Checkmate
import Foundation

/// Reads a `checkmate-graph` file named on the command line.
///
/// Stands in for `GraphSource` (file, `zoo:NAME`, `onnx:PATH`) until that lands.
func loadGraph(_ path: String) throws -> TrainingGraph {
    let data: Data
    do {
        data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
        throw CommandFailure(message: "cannot read \(path): \(error.localizedDescription)")
    }
    do {
        return try TrainingGraph(json: data)
    } catch {
        throw CommandFailure(message: "\(path): \(error)")
    }
}

/// Bad input or output, reported in one line (`Error: ...`) with exit code 1.
struct CommandFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
