import Checkmate
import CheckmateModels
import CheckmateONNX
import Foundation

/// Where the command line takes a training graph from.
///
/// An argument names a `checkmate-graph` file by its path, or a built-in
/// graph by a prefix: `chain:LENGTH` is the paper's linear graph with
/// `LENGTH` forward nodes, and `random:FORWARD[:SEED]` a random training DAG
/// with `FORWARD` forward nodes (`2 * FORWARD + 1` nodes in all),
/// `layered:COUNT[:SEED]` a random layered DAG of `COUNT` nodes, and
/// `zoo:MODEL` a model of the `Zoo`, and `onnx:PATH` an ONNX model file, both
/// built with ``ModelSettings``. To read a file whose name starts with such a
/// prefix, write its path as `./chain:8`.
///
///     let graph = try GraphSource(argument: "examples/chain8.json").load()
public enum GraphSource: Hashable, Sendable {
    /// A `checkmate-graph` JSON file.
    case file(path: String)
    /// `TrainingGraph/chain(length:cost:memory:)` with unit costs and memory.
    case chain(length: Int)
    /// `TrainingGraph/random(forwardCount:width:seed:)`.
    case random(forwardCount: Int, seed: UInt64)
    /// `TrainingGraph/layered(count:seed:)`.
    case layered(count: Int, seed: UInt64)
    /// A `Zoo` model by name; its batch and training settings come from ``load(settings:)``.
    case zoo(model: String)
    /// An ONNX model file, imported at the batch and with the settings given to ``load(settings:)``.
    case onnx(path: String)

    /// Reads a source argument.
    ///
    /// - Throws: ``InputError`` when a built-in graph's parameters are invalid.
    public init(argument: String) throws(InputError) {
        let parts = argument.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        func count(_ text: String, _ what: String) throws(InputError) -> Int {
            guard let value = Int(text), value > 0, value <= 1_000_000 else {
                throw InputError(.invalid, source: argument, message: "\(what) must be a whole number from 1 to 1000000")
            }
            return value
        }
        switch parts.first {
        case "onnx":
            let path = String(argument.dropFirst("onnx:".count))
            guard !path.isEmpty else { throw InputError(.invalid, source: argument, message: "write onnx:PATH, like onnx:resnet50.onnx") }
            self = .onnx(path: path)
        case "chain":
            guard parts.count == 2 else { throw InputError(.invalid, source: argument, message: "write chain:LENGTH, like chain:8") }
            self = .chain(length: try count(parts[1], "the chain length"))
        case "random", "layered":
            let layered = parts[0] == "layered"
            guard parts.count == 2 || parts.count == 3 else {
                throw InputError(.invalid, source: argument, message: layered
                    ? "write layered:COUNT or layered:COUNT:SEED, like layered:1000:1"
                    : "write random:FORWARD or random:FORWARD:SEED, like random:500:1")
            }
            let seed = parts.count == 3 ? UInt64(parts[2]) : 1
            guard let seed else { throw InputError(.invalid, source: argument, message: "the seed must be a whole number") }
            self = layered
                ? .layered(count: try count(parts[1], "the number of nodes"), seed: seed)
                : .random(forwardCount: try count(parts[1], "the number of forward nodes"), seed: seed)
        case "zoo":
            guard parts.count == 2, let model = Zoo.model(named: parts[1]) else {
                throw InputError(.invalid, source: argument, message: "write zoo:MODEL with one of \(Zoo.models.map(\.name).joined(separator: ", "))")
            }
            self = .zoo(model: model.name)
        default:
            self = .file(path: argument)
        }
    }

    /// Reads or builds the graph.
    ///
    /// - Throws: ``InputError`` naming the file and, for invalid content, the
    ///   node and rule (`GraphError`).
    public func load() throws(InputError) -> TrainingGraph {
        try load(settings: ModelSettings())
    }

    /// Reads or builds the graph, a zoo model with `settings`.
    ///
    /// - Throws: ``InputError`` naming the file and, for invalid content, the
    ///   node and rule (`GraphError`), or why the zoo cannot build the model.
    public func load(settings: ModelSettings) throws(InputError) -> TrainingGraph {
        switch self {
        case .zoo(let model):
            guard let batch = settings.batch else {
                throw InputError(.invalid, source: description, message: "a zoo model needs a batch size (--batch)")
            }
            do {
                return try Zoo.trainingGraph(named: model, batch: batch, input: settings.input, options: settings.options)
            } catch {
                throw InputError(.invalid, source: description, message: error.description)
            }
        case .onnx(let path):
            guard let batch = settings.batch else {
                throw InputError(.invalid, source: description, message: "an ONNX model needs a batch size (--batch)")
            }
            let data = try FileAccess.read(path)
            let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            let options = ONNXImportOptions(batch: batch, dimensions: settings.dimensions,
                                            unknownOperators: settings.unknownOperators)
            do {
                return try ONNXModel(data: data, name: name).trainingGraph(options, training: settings.options)
            } catch {
                throw InputError(.invalid, source: path, message: error.description)
            }
        case .file(let path):
            let data = try FileAccess.read(path)
            do {
                return try TrainingGraph(json: data)
            } catch {
                throw InputError(.invalid, source: path, message: error.description)
            }
        case .chain(let length):
            return .chain(length: length)
        case .random(let forwardCount, let seed):
            return .random(forwardCount: forwardCount, seed: seed)
        case .layered(let count, let seed):
            return .layered(count: count, seed: seed)
        }
    }
}

extension GraphSource: CustomStringConvertible {
    public var description: String {
        switch self {
        case .file(let path): path
        case .chain(let length): "chain:\(length)"
        case .random(let forwardCount, let seed): "random:\(forwardCount):\(seed)"
        case .layered(let count, let seed): "layered:\(count):\(seed)"
        case .zoo(let model): "zoo:\(model)"
        case .onnx(let path): "onnx:\(path)"
        }
    }
}
