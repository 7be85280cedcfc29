/// One layer of a ``Network``: an operation, the layers it reads, and its output.
///
/// `inputs` are indices into the network's `layers`, each smaller than the
/// layer's own. `shape` is the output's shape and `parameterCount` the number
/// of trainable parameters the layer owns (weights, biases, normalization
/// scales); ``NetworkBuilder`` infers both, an importer may supply them.
public struct Layer: Hashable, Sendable {
    /// A unique name; training nodes are named after it (`conv1_1`, `conv1_1/grad`).
    public var name: String
    public var operation: Operation
    /// Indices of the layers whose outputs this layer reads, in the operation's order.
    public var inputs: [Int]
    /// The output's shape.
    public var shape: TensorShape
    /// Trainable parameters owned by the layer.
    public var parameterCount: Int

    public init(name: String, operation: Operation, inputs: [Int], shape: TensorShape, parameterCount: Int = 0) {
        self.name = name
        self.operation = operation
        self.inputs = inputs
        self.shape = shape
        self.parameterCount = parameterCount
    }
}

/// A handle on a layer being built by a ``NetworkBuilder``: its index in the network.
public struct LayerID: Hashable, Sendable {
    public let index: Int

    public init(_ index: Int) {
        self.index = index
    }
}
