import Foundation
import SwiftProtobuf

/// An ONNX model (`ModelProto`), decoded and checked, ready to be imported at
/// any batch size.
///
/// Import turns it into the zoo's layer description, a
/// `CheckmateModels/Network`, and from there into the training graph of
/// Checkmate (Jain et al., MLSys 2020): constants and shape arithmetic are
/// folded away, every other node becomes a layer whose shape and parameter
/// count come from ONNX's own operator rules.
///
/// Invariant: the graph's nodes define each tensor name at most once, read
/// only names that are defined, and `order` lists every node after the nodes
/// whose outputs it reads.
///
///     let model = try ONNXModel(contentsOf: URL(fileURLWithPath: "resnet50.onnx"))
///     let network = try model.network(ONNXImportOptions(batch: 32))
///     let graph = try model.trainingGraph(ONNXImportOptions(batch: 32))
public struct ONNXModel: Sendable {
    /// The model's name: the file's base name, or the graph's name.
    public var name: String
    /// The version of the default (`ai.onnx`) operator set the model imports.
    public let opsetVersion: Int
    let graph: Onnx_GraphProto
    /// Node indices in an order where every node follows the producers of its inputs.
    let order: [Int]

    /// Decodes and checks a model.
    ///
    /// - Parameters:
    ///   - data: the bytes of an ONNX `ModelProto`.
    ///   - name: the model's name; the graph's name when nil.
    /// - Throws: ``ONNXImportError/notONNX(_:)`` when the bytes do not decode
    ///   or hold no graph, and the error naming the first broken rule otherwise.
    public init(data: Data, name: String? = nil) throws(ONNXImportError) {
        let proto: Onnx_ModelProto
        do {
            proto = try Onnx_ModelProto(serializedBytes: data)
        } catch {
            throw .notONNX("the protobuf data does not decode (\(error))")
        }
        guard proto.hasGraph else { throw .notONNX("the model has no graph") }
        let version = proto.opsetImport.first { $0.domain.isEmpty || $0.domain == "ai.onnx" }?.version ?? 1
        self.graph = proto.graph
        self.opsetVersion = Int(clamping: version)
        self.name = name ?? (proto.graph.name.isEmpty ? "onnx-model" : proto.graph.name)
        self.order = try Self.topologicalOrder(proto.graph)
    }

    /// Reads and decodes the model file at `url`; its name is the file's base name.
    public init(contentsOf url: URL) throws(ONNXImportError) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadable(path: url.path, reason: error.localizedDescription)
        }
        try self.init(data: data, name: url.deletingPathExtension().lastPathComponent)
    }

    /// The graph inputs that have no initializer: the data the network reads.
    public var inputNames: [String] {
        let initialized = Set(graph.initializer.map(\.name))
        return graph.input.map(\.name).filter { !initialized.contains($0) }
    }

    /// How errors name node `index`: `'name'`, or `#index` when it has none.
    func label(ofNode index: Int) -> String {
        let name = graph.node[index].name
        return name.isEmpty ? "#\(index)" : "'\(name)'"
    }

    /// Checks names and orders the nodes (Kahn's algorithm).
    private static func topologicalOrder(_ graph: Onnx_GraphProto) throws(ONNXImportError) -> [Int] {
        var defined = Set<String>()
        for initializer in graph.initializer {
            guard defined.insert(initializer.name).inserted else {
                throw .invalidModel("initializer '\(initializer.name)' is defined twice")
            }
        }
        for input in graph.input where !defined.contains(input.name) {
            guard !input.name.isEmpty else { throw .invalidModel("a graph input has no name") }
            defined.insert(input.name)
        }
        let outer = defined
        var producer = [String: Int]()
        for (index, node) in graph.node.enumerated() {
            for output in node.output where !output.isEmpty {
                guard !defined.contains(output) else {
                    let label = node.name.isEmpty ? "#\(index)" : "'\(node.name)'"
                    throw .invalidModel("node \(label) (\(node.opType)) defines '\(output)', which is already defined")
                }
                defined.insert(output)
                producer[output] = index
            }
        }
        var waiting = Array(repeating: 0, count: graph.node.count)
        var readers = Array(repeating: [Int](), count: graph.node.count)
        for (index, node) in graph.node.enumerated() {
            for input in Set(node.input) where !input.isEmpty {
                if let source = producer[input] {
                    waiting[index] += 1
                    readers[source].append(index)
                } else if !outer.contains(input) {
                    let label = node.name.isEmpty ? "#\(index)" : "'\(node.name)'"
                    throw .undefinedInput(node: label, op: node.opType, input: input)
                }
            }
        }
        var order = graph.node.indices.filter { waiting[$0] == 0 }
        var next = 0
        while next < order.count {
            for reader in readers[order[next]] {
                waiting[reader] -= 1
                if waiting[reader] == 0 { order.append(reader) }
            }
            next += 1
        }
        guard order.count == graph.node.count else {
            throw .cycle(cycle(in: graph, producer: producer, stuck: waiting))
        }
        return order
    }

    /// Labels of the nodes on one cycle among the nodes Kahn's algorithm could not
    /// order, each followed by a node that reads it, back to the first.
    private static func cycle(in graph: Onnx_GraphProto, producer: [String: Int], stuck: [Int]) -> [String] {
        // Every stuck node reads a stuck node, so walking to such a producer must revisit a node.
        var position = [Int: Int]()
        var path: [Int] = []
        var current = stuck.firstIndex { $0 > 0 }!
        while position[current] == nil {
            position[current] = path.count
            path.append(current)
            current = graph.node[current].input.compactMap { producer[$0] }.first { stuck[$0] > 0 }!
        }
        let loop = (path[position[current]!...] + [current]).reversed()
        return loop.map { index in
            let node = graph.node[index]
            return node.name.isEmpty ? "#\(index)" : "'\(node.name)'"
        }
    }
}
