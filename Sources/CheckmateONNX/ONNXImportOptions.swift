/// How an ONNX model becomes a network: the sizes its inputs leave open, and
/// what to do with operators the importer does not know.
public struct ONNXImportOptions: Hashable, Sendable {
    /// What to do with an operator outside the supported list.
    public enum UnknownOperators: String, Hashable, Sendable, CaseIterable {
        /// Reject the model, naming the operator and the node.
        case error
        /// Treat the operator as elementwise: one output shaped like its first input.
        case elementwise
    }

    /// The batch size: the first dimension of every graph input of rank 1 or more.
    public var batch: Int
    /// Values of named (symbolic) input dimensions, such as `sequence = 128`.
    public var dimensions: [String: Int]
    public var unknownOperators: UnknownOperators

    public init(batch: Int, dimensions: [String: Int] = [:], unknownOperators: UnknownOperators = .error) {
        self.batch = batch
        self.dimensions = dimensions
        self.unknownOperators = unknownOperators
    }
}
