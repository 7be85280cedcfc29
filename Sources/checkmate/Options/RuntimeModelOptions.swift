import ArgumentParser
import Checkmate
import CheckmateAnalysis
import CheckmateModels
import CheckmateONNX
import CheckmateRuntime
import Foundation

/// The model a runtime command builds and runs: `mlp`, `zoo:NAME` or
/// `onnx:PATH`, with the graph flags `solve` takes, so that the program's
/// training graph is the one `solve` schedules for the same arguments.
struct RuntimeModelOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The model: mlp (a multilayer perceptron), zoo:NAME or onnx:PATH.", valueName: "model"))
    var model: String

    @OptionGroup(title: "Graph options") var graph: GraphOptions

    @Option(parsing: .unconditional, help: ArgumentHelp("mlp: dense layers (default: 8).", valueName: "n"))
    var layers: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp("mlp: values per layer, also the input width and the number of classes (default: 256).",
                               valueName: "n"))
    var width: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp("The seed of the weights, the batch, the labels and dropout's masks.", valueName: "seed"))
    var weightSeed: UInt64 = 1

    @Option(parsing: .unconditional, help: ArgumentHelp("Threads of the kernels' libraries, oneDNN's and OpenBLAS's (default: one per processor).",
                               valueName: "n"))
    var kernelThreads: Int?

    func validate() throws {
        if let kernelThreads, !(1...1024).contains(kernelThreads) { throw ValidationError("--kernel-threads must be from 1 to 1024") }
        if let layers, !(1...1000).contains(layers) { throw ValidationError("--layers must be from 1 to 1000") }
        if let width, !(1...65536).contains(width) { throw ValidationError("--width must be from 1 to 65536") }
        if let batch = graph.batch, !(1...1_048_576).contains(batch) { throw ValidationError("--batch must be from 1 to 1048576") }
    }

    /// The perceptron `mlp` names, with its flags' values.
    var perceptron: MultilayerPerceptron {
        MultilayerPerceptron(layers: layers ?? 8, width: width ?? 256, batch: graph.batch ?? 4096)
    }

    /// The network and its training options, or the exit code of what is wrong.
    func network() throws(ExitCode) -> (network: Network, options: TrainingOptions) {
        if model == "mlp" {
            if graph.zoo.resolution != nil || graph.onnx.isSet {
                throw Terminal.fail("--resolution, --dim and --unknown-ops do not apply to mlp", code: 2)
            }
            return (perceptron.network, graph.zoo.trainingOptions())
        }
        if layers != nil || width != nil { throw Terminal.fail("--layers and --width apply only to mlp", code: 2) }
        let source: GraphSource
        do {
            source = try GraphSource(argument: model)
        } catch {
            throw error.reported()
        }
        switch source {
        case .zoo, .onnx: break
        default: throw Terminal.fail("the model must be mlp, zoo:NAME or onnx:PATH, not '\(model)'", code: 2)
        }
        var settings = try graph.zoo.settings(batch: graph.batch)
        guard let batch = settings.batch else { throw Terminal.fail("\(model): the model needs a batch size (--batch)", code: 2) }
        switch source {
        case .zoo(let name):
            if graph.onnx.isSet { throw Terminal.fail("--dim and --unknown-ops apply only to onnx:PATH models", code: 2) }
            do {
                var network = try Zoo.network(named: name, batch: batch, input: settings.input)
                network.name = "\(network.name)-b\(batch)"
                return (network, settings.options)
            } catch {
                throw Terminal.fail("\(model): \(error)", code: 2)
            }
        case .onnx(let path):
            if graph.zoo.resolution != nil { throw Terminal.fail("--resolution applies only to zoo:NAME models", code: 2) }
            try graph.onnx.apply(to: &settings)
            let data: Data
            do {
                data = try FileAccess.read(path)
            } catch {
                throw error.reported()
            }
            do {
                let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
                var network = try ONNXModel(data: data, name: name).network(
                    ONNXImportOptions(batch: batch, dimensions: settings.dimensions, unknownOperators: settings.unknownOperators))
                network.name = "\(name)-b\(batch)"
                return (network, settings.options)
            } catch {
                throw Terminal.fail("\(path): \(error)", code: 2)
            }
        default:
            preconditionFailure("only zoo and ONNX sources get here")
        }
    }

    /// Restarts the process with `OMP_WAIT_POLICY=PASSIVE` unless the
    /// environment sets a policy: oneDNN's OpenMP threads then sleep between
    /// primitives instead of spinning, which on a shared machine (or beside
    /// OpenBLAS's and Swift's threads) slows every primitive by an order of
    /// magnitude. OpenMP reads the policy once, before `main`, so it cannot
    /// be set from inside the process. If the restart fails, the process goes on.
    static func sleepWhileIdle() {
        guard getenv("OMP_WAIT_POLICY") == nil else { return }
        setenv("OMP_WAIT_POLICY", "PASSIVE", 1)
        var arguments = CommandLine.arguments.map { strdup($0) } + [nil]
        execv("/proc/self/exe", &arguments)
    }

    /// The program of the model, with progress on stderr, or the exit code of what is wrong.
    func program() throws(ExitCode) -> TrainingProgram {
        let (network, options) = try network()
        if let kernelThreads { RuntimeThreads.limit(to: kernelThreads) }
        Terminal.note("building the kernels of \(network.name) (\(network.layers.count) layers, "
            + "\(network.parameterCount.formatted()) parameters)")
        let program: TrainingProgram
        do {
            program = try TrainingProgram(network: network, options: options, seed: weightSeed)
        } catch {
            throw Terminal.fail("\(model): \(error)", code: 2)
        }
        let graph = program.graph
        let scratch = zip(graph.nodes, program.derivedGraph.nodes).map { $0.workspace - $1.workspace }.max() ?? 0
        Terminal.note("\(graph.name): \(graph.count) nodes, constant memory \(ByteCount(graph.constantMemory)), "
            + "checkpoint-all peak \(ByteCount(CheckpointAll().peakMemory(of: graph))), "
            + "kernels' scratch space at most \(ByteCount(scratch)) per node")
        return program
    }
}
