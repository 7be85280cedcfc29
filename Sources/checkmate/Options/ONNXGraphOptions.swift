import ArgumentParser
import Checkmate
import CheckmateModels
import CheckmateONNX
import Foundation

/// How an ONNX model becomes a training graph: batch size, named dimensions,
/// unknown operators, and the training options (cost model, data type, optimizer).
struct ONNXGraphOptions: ParsableArguments {
    @Option(help: "Batch size: the first dimension of every graph input.")
    var batch: Int

    @Option(name: .customLong("dim"), parsing: .singleValue,
            help: ArgumentHelp("A named input dimension, such as sequence=128 (repeatable).", valueName: "name=value"))
    var dimensions: [String] = []

    @Option(help: "Operators the importer does not know: error, or elementwise (one output shaped like the first input).")
    var unknownOps: String = ONNXImportOptions.UnknownOperators.error.rawValue

    @Option(help: "Cost model: a device for roofline costs in seconds (v100, a100-40gb, a100-80gb, h100); FLOPs when absent.")
    var device: String?

    @Option(help: "Data type of activations, parameters and optimizer state: float32, float16 or bfloat16.")
    var dtype: String = "float32"

    @Option(help: "Optimizer whose state counts in constant memory: sgd, momentum or adam.")
    var optimizer: String = Optimizer.momentum.rawValue

    /// The import options these flags describe, at `batch` (the flag's value when nil).
    func importOptions(batch: Int? = nil) throws(CommandFailure) -> ONNXImportOptions {
        var dimensions: [String: Int] = [:]
        for entry in self.dimensions {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, let value = Int(parts[1]), value >= 1 else {
                throw .badInput("--dim must be name=value with a whole number of at least 1, not '\(entry)'")
            }
            dimensions[parts[0]] = value
        }
        guard let policy = ONNXImportOptions.UnknownOperators(rawValue: unknownOps) else {
            throw .badInput("--unknown-ops must be error or elementwise, not '\(unknownOps)'")
        }
        return ONNXImportOptions(batch: batch ?? self.batch, dimensions: dimensions, unknownOperators: policy)
    }

    /// The training options these flags describe.
    func trainingOptions() throws(CommandFailure) -> TrainingOptions {
        guard let dataType = DataType(rawValue: dtype.lowercased()), dataType.isFloatingPoint else {
            throw .badInput("--dtype must be float32, float16 or bfloat16, not '\(dtype)'")
        }
        guard let optimizer = Optimizer(rawValue: optimizer.lowercased()) else {
            throw .badInput("--optimizer must be sgd, momentum or adam, not '\(self.optimizer)'")
        }
        var options = TrainingOptions(dataType: dataType, optimizer: optimizer)
        if let device {
            guard let profile = DeviceProfile.named(device) else {
                throw .badInput("--device must be one of \(DeviceProfile.all.map(\.name).joined(separator: ", ")), not '\(device)'")
            }
            options.costModel = RooflineCostModel(device: profile)
        }
        return options
    }

    /// Reads the model at `path` (`onnx:` prefix optional).
    static func model(at path: String) throws(CommandFailure) -> ONNXModel {
        let path = path.hasPrefix("onnx:") ? String(path.dropFirst(5)) : path
        do {
            return try ONNXModel(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw failure(error, path: path)
        }
    }

    /// The training graph of `model` for `batch` examples (the `--batch` flag's value when nil).
    func trainingGraph(_ model: ONNXModel, batch: Int? = nil) throws(CommandFailure) -> TrainingGraph {
        let options = try importOptions(batch: batch)
        let training = try trainingOptions()
        do {
            return try model.trainingGraph(options, training: training)
        } catch {
            throw Self.failure(error, path: model.name)
        }
    }

    /// Exit code 1 for a file that cannot be read, 2 for one that is not a valid model.
    private static func failure(_ error: ONNXImportError, path: String) -> CommandFailure {
        if case .unreadable = error { return .failed("\(error)") }
        return .badInput("\(path): \(error)")
    }
}
