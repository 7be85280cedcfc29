/// Why an ONNX model could not be imported.
///
/// Each case names what is wrong: the file, the tensor, or the node (by its
/// name, or its position in the graph when it has none) and its operator.
public enum ONNXImportError: Error, Hashable, Sendable {
    /// The model file could not be read.
    case unreadable(path: String, reason: String)
    /// The bytes are not an ONNX model: protobuf decoding failed, or there is no graph.
    case notONNX(String)
    /// The model decodes but breaks a rule of the format (duplicate or missing names, bad types).
    case invalidModel(String)
    /// An import option is out of range (a batch size below 1, an unknown `--dim` name).
    case invalidOption(String)
    /// A graph input has a dimension that neither `--batch` nor `--dim` sets.
    case unresolvedDimension(input: String, dimension: String)
    /// A tensor stored in the file (an initializer or a constant) is malformed.
    case invalidTensor(name: String, reason: String)
    /// A node reads a tensor that no node, input or initializer defines.
    case undefinedInput(node: String, op: String, input: String)
    /// The nodes on a cycle, by name.
    case cycle([String])
    /// An operator the importer does not know (and `--unknown-ops elementwise` was not given).
    case unsupportedOperator(op: String, node: String)
    /// A node's attributes or input shapes break its operator's rules.
    case invalidNode(node: String, op: String, reason: String)
}

extension ONNXImportError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "cannot read '\(path)': \(reason)"
        case .notONNX(let reason):
            "not an ONNX model: \(reason)"
        case .invalidModel(let reason):
            "invalid ONNX model: \(reason)"
        case .invalidOption(let reason):
            "invalid import option: \(reason)"
        case .unresolvedDimension(let input, let dimension):
            "graph input '\(input)': dimension '\(dimension)' is not set (use --dim \(dimension)=VALUE)"
        case .invalidTensor(let name, let reason):
            "tensor '\(name)': \(reason)"
        case .undefinedInput(let node, let op, let input):
            "node \(node) (\(op)): input '\(input)' is not produced by any node, input or initializer"
        case .cycle(let nodes):
            "the graph has a cycle through nodes \(nodes.joined(separator: " -> "))"
        case .unsupportedOperator(let op, let node):
            "node \(node): operator '\(op)' is not supported (--unknown-ops elementwise treats it as elementwise)"
        case .invalidNode(let node, let op, let reason):
            "node \(node) (\(op)): \(reason)"
        }
    }
}
