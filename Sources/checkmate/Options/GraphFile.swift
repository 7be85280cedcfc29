import Checkmate
import Foundation

/// Reads the `checkmate-graph` file named on the command line.
///
/// Stands in for `GraphSource` (a file, `zoo:NAME`, `onnx:PATH`) until that lands.
func loadGraph(_ path: String) throws(CommandFailure) -> TrainingGraph {
    let data: Data
    do {
        data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
        throw .badInput("cannot read \(path): \(error.localizedDescription)")
    }
    do {
        return try TrainingGraph(json: data)
    } catch {
        throw .badInput("\(path): \(error)")
    }
}
