import ArgumentParser
import Checkmate
import CheckmateAnalysis
import CheckmateModels

/// How a zoo model becomes a training graph: input size, cost model, data type, optimizer, fusion.
struct ZooGraphOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Zoo models: input size, HxW for images or a sequence length for bert-base (default: the model's).",
                               valueName: "HxW"))
    var resolution: String?

    @Option(help: ArgumentHelp("Zoo models: roofline costs in seconds on v100, a100-40gb, a100-80gb or h100 (default: FLOPs).",
                               valueName: "name"))
    var device: String?

    @Option(help: ArgumentHelp("Zoo models: float32, float16 or bfloat16 for activations, parameters and optimizer state.",
                               valueName: "type"))
    var dtype: String?

    @Option(help: ArgumentHelp("Zoo models: sgd, momentum (default) or adam, whose state counts in constant memory.",
                               valueName: "name"))
    var optimizer: String?

    @Flag(help: "Zoo models: fuse pointwise layers (batch norm, activations) into the node before them.")
    var fuse = false

    /// Whether any flag was given.
    var isSet: Bool {
        resolution != nil || device != nil || dtype != nil || optimizer != nil || fuse
    }

    /// The training options these flags describe.
    func trainingOptions() throws(ExitCode) -> TrainingOptions {
        let typeName = dtype ?? DataType.float32.rawValue
        guard let dataType = DataType(rawValue: typeName.lowercased()), dataType.isFloatingPoint else {
            throw Terminal.fail("--dtype must be float32, float16 or bfloat16, not '\(typeName)'", code: 2)
        }
        let optimizerName = optimizer ?? Optimizer.momentum.rawValue
        guard let optimizer = Optimizer(rawValue: optimizerName.lowercased()) else {
            throw Terminal.fail("--optimizer must be sgd, momentum or adam, not '\(optimizerName)'", code: 2)
        }
        var options = TrainingOptions(dataType: dataType, optimizer: optimizer, fusesPointwiseLayers: fuse)
        if let device {
            guard let profile = DeviceProfile.named(device) else {
                let names = DeviceProfile.all.map(\.name).joined(separator: ", ")
                throw Terminal.fail("--device must be one of \(names), not '\(device)'", code: 2)
            }
            options.costModel = RooflineCostModel(device: profile)
        }
        return options
    }

    /// The settings of a zoo graph source with `batch` examples.
    func settings(batch: Int?) throws(ExitCode) -> ZooSettings {
        var input: ZooModel.Input?
        if let resolution {
            guard let size = ZooModel.Input(resolution) else {
                throw Terminal.fail("--resolution must be HxW (like 224x224) or a sequence length, not '\(resolution)'", code: 2)
            }
            input = size
        }
        return ZooSettings(batch: batch, input: input, options: try trainingOptions())
    }

    /// One line saying how the graph was built, for reports; `model` is nil for an ONNX model.
    func summary(_ model: ZooModel?) -> String {
        let costs = device.map { "\($0) roofline costs" } ?? "FLOP costs"
        let input = resolution ?? model.map(\.input.description)
        return (input.map { "\($0), " } ?? "") + "\(dtype ?? "float32"), \(optimizer ?? "momentum"), \(costs)"
            + (fuse ? ", fused" : "")
    }
}

/// Where a command's graph comes from, with the flags that shape it: a zoo or
/// ONNX model's batch and settings, and a measured profile for any graph.
struct GraphOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Zoo and ONNX models: the batch size.", valueName: "n"))
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
            graph = try source.load(zoo: settings)
        } catch {
            throw error.reported()
        }
        return try measured(graph)
    }

    /// `graph` with the --profile file's times as its costs, or `graph` when none was given.
    func measured(_ graph: TrainingGraph) throws(ExitCode) -> TrainingGraph {
        guard let profile else { return graph }
        do {
            let data = try GraphSource.read(profile)
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
