import ArgumentParser
import Checkmate
import CheckmateModels
import Foundation

/// How a zoo model becomes a training graph: input size, cost model, data type, optimizer.
struct ZooGraphOptions: ParsableArguments {
    @Option(help: "Input size: HxW for image models, a sequence length for bert-base (default: the model's).")
    var resolution: String?

    @Option(help: "Cost model: a device for roofline costs in seconds (v100, a100-40gb, a100-80gb, h100); FLOPs when absent.")
    var device: String?

    @Option(help: "Data type of activations, parameters and optimizer state: float32, float16 or bfloat16.")
    var dtype: String = "float32"

    @Option(help: "Optimizer whose state counts in constant memory: sgd, momentum or adam.")
    var optimizer: String = Optimizer.momentum.rawValue

    @Option(help: "A measured profile (JSON of node name to seconds) whose times replace the cost model's.")
    var profile: String?

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

    /// The input size, or nil for the model's default.
    func input() throws(CommandFailure) -> ZooModel.Input? {
        guard let resolution else { return nil }
        guard let input = ZooModel.Input(resolution) else {
            throw .badInput("--resolution must be HxW (for example 224x224) or a sequence length, not '\(resolution)'")
        }
        return input
    }

    /// The zoo model called `name` (`vgg19` or `zoo:vgg19`).
    static func model(named name: String) throws(CommandFailure) -> ZooModel {
        guard let model = Zoo.model(named: name) else { throw .badInput("\(ZooError.unknownModel(name))") }
        return model
    }

    /// The training graph of `model` for `batch` examples.
    func trainingGraph(_ model: ZooModel, batch: Int) throws(CommandFailure) -> TrainingGraph {
        let options = try trainingOptions()
        let input = try input()
        let graph: TrainingGraph
        do {
            graph = try Zoo.trainingGraph(named: model.name, batch: batch, input: input, options: options)
        } catch {
            throw .badInput("\(error)")
        }
        guard let profile else { return graph }
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: profile))
            return try MeasuredProfile(json: data).apply(to: graph)
        } catch let error as ProfileError {
            throw .badInput("\(profile): \(error)")
        } catch {
            throw .badInput("cannot read \(profile): \(error.localizedDescription)")
        }
    }
}
