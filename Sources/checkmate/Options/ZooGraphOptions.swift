import ArgumentParser
import Checkmate
import CheckmateAnalysis
import CheckmateModels

/// How a zoo model becomes a training graph: input size, cost model, data type, optimizer, fusion.
struct ZooGraphOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: ArgumentHelp("Zoo models: input size, HxW for images or a sequence length for bert-base (default: the model's).",
                               valueName: "HxW"))
    var resolution: String?

    @Option(help: ArgumentHelp("Zoo models: roofline costs in seconds on this device (default: FLOPs).", valueName: "name"))
    var device: DeviceName?

    @Option(help: ArgumentHelp("Zoo models: the type of activations, parameters and optimizer state (default: float32).",
                               valueName: "type"))
    var dtype: FloatingPointType?

    @Option(help: ArgumentHelp("Zoo models: the optimizer, whose state counts in constant memory (default: momentum).",
                               valueName: "name"))
    var optimizer: Optimizer?

    @Flag(help: "Zoo models: fuse pointwise layers (batch norm, activations) into the node before them.")
    var fuse = false

    /// Whether any flag was given.
    var isSet: Bool {
        resolution != nil || device != nil || dtype != nil || optimizer != nil || fuse
    }

    /// The training options these flags describe.
    func trainingOptions() -> TrainingOptions {
        var options = TrainingOptions(
            dataType: (dtype ?? .float32).dataType, optimizer: optimizer ?? .momentum, fusesPointwiseLayers: fuse)
        if let device { options.costModel = RooflineCostModel(device: device.profile) }
        return options
    }

    /// The settings of a zoo graph source with `batch` examples.
    func settings(batch: Int?) throws(ExitCode) -> ModelSettings {
        var input: ZooModel.Input?
        if let resolution {
            guard let size = ZooModel.Input(resolution) else {
                throw Terminal.fail("--resolution must be HxW (like 224x224) or a sequence length, not '\(resolution)'", code: 2)
            }
            input = size
        }
        return ModelSettings(batch: batch, input: input, options: trainingOptions())
    }

    /// One line saying how the graph was built, for reports; `model` is nil for an ONNX model.
    func summary(_ model: ZooModel?) -> String {
        let costs = device.map { "\($0) roofline costs" } ?? "FLOP costs"
        let input = resolution ?? model.map(\.input.description)
        return (input.map { "\($0), " } ?? "") + "\((dtype ?? .float32).rawValue), \((optimizer ?? .momentum).rawValue), \(costs)"
            + (fuse ? ", fused" : "")
    }
}

/// Where a command's graph comes from, with the flags that shape it: a zoo or
/// ONNX model's batch and settings, and a measured profile for any graph.
struct GraphOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: ArgumentHelp("Zoo and ONNX models: the batch size.", valueName: "n"))
    var batch: Int?

    @OptionGroup var zoo: ZooGraphOptions

    @OptionGroup var onnx: ONNXGraphOptions

    @Option(help: ArgumentHelp("A measured profile, JSON of node name to seconds, whose times replace the graph's costs.",
                               valueName: "profile.json"))
    var profile: String?

    /// Loads `source`, printing any error and throwing its exit code.
    func load(_ source: GraphSource) throws(ExitCode) -> TrainingGraph {
        var settings = try zoo.settings(batch: batch)
        switch source {
        case .zoo:
            if onnx.isSet { throw Terminal.fail("--dim and --unknown-ops apply only to onnx:PATH graphs", code: 2) }
        case .onnx:
            if zoo.resolution != nil { throw Terminal.fail("--resolution applies only to zoo:MODEL graphs", code: 2) }
            try onnx.apply(to: &settings)
        default:
            if batch != nil || zoo.isSet || onnx.isSet {
                throw Terminal.fail("--batch, --resolution, --device, --dtype, --optimizer, --fuse, --dim and --unknown-ops "
                    + "apply only to zoo:MODEL and onnx:PATH graphs", code: 2)
            }
        }
        let graph: TrainingGraph
        do {
            graph = try source.load(settings: settings)
        } catch {
            throw error.reported()
        }
        return try measured(graph)
    }

    /// `graph` with the --profile file's times as its costs, or `graph` when none was given.
    func measured(_ graph: TrainingGraph) throws(ExitCode) -> TrainingGraph {
        guard let profile else { return graph }
        do {
            let data = try FileAccess.read(profile)
            return try MeasuredProfile(json: data).apply(to: graph)
        } catch let error as InputError {
            throw error.reported()
        } catch let error as ProfileError {
            throw Terminal.fail("\(profile): \(error)", code: 2)
        } catch {
            throw Terminal.fail("\(profile): \(error)", code: 1)
        }
    }
}
