/// A neural network as a list of layers in topological order: the model
/// from which ``Network/trainingGraph(_:)`` derives one training step's graph.
///
/// This is the layer description of the model zoo and of model import. It
/// knows shapes and parameter counts, not values; a training graph adds the
/// loss's backward pass, memory from shapes and data type, and costs.
///
/// Invariant: every input index of layer `i` is smaller than `i`, names are
/// unique, shapes have non-negative dimensions and parameter counts are
/// non-negative. Shapes are not re-inferred here: ``NetworkBuilder`` infers
/// them, and an importer may supply its own.
///
///     var b = NetworkBuilder(name: "tiny", input: [8, 3, 32, 32])
///     var x = b.convolution(b.input, filters: 16, kernel: 3, padding: 1)
///     x = b.relu(x)
///     x = b.dense(b.flatten(b.globalAveragePooling(x)), units: 10)
///     _ = b.softmaxCrossEntropy(x)
///     let network = try b.build()
///     network.parameterCount   // 448 + 170
public struct Network: Hashable, Sendable {
    public var name: String
    /// The layers, each after the layers it reads.
    public private(set) var layers: [Layer]
    /// `users[i]`: indices of the layers that read layer `i`, ascending, each once.
    public private(set) var users: [[Int]]

    /// - Throws: ``NetworkError`` naming the first layer that breaks the invariant.
    public init(name: String, layers: [Layer]) throws(NetworkError) {
        guard !layers.isEmpty else { throw .empty }
        var names = Set<String>()
        var users = Array(repeating: [Int](), count: layers.count)
        // Each count is at most the limit before it is added, so the totals cannot overflow.
        var elements = 0, parameters = 0
        for (index, layer) in layers.enumerated() {
            guard names.insert(layer.name).inserted else { throw .duplicateName(layer.name) }
            guard layer.parameterCount >= 0 else {
                throw .invalidLayer(layer.name, reason: "parameter count \(layer.parameterCount) is negative")
            }
            guard layer.shape.dimensions.allSatisfy({ $0 >= 0 }) else {
                throw .invalidLayer(layer.name, reason: "shape \(layer.shape) has a negative dimension")
            }
            guard let count = layer.shape.checkedElementCount, layer.parameterCount <= TensorShape.elementLimit else {
                throw .invalidLayer(layer.name, reason: "shape \(layer.shape) or its \(layer.parameterCount) parameters "
                    + "hold more than \(TensorShape.elementLimit) elements (2^50)")
            }
            elements += count
            parameters += layer.parameterCount
            guard elements <= TensorShape.elementLimit, parameters <= TensorShape.elementLimit else {
                throw .tooLarge(layer: layer.name)
            }
            for input in layer.inputs {
                guard input >= 0, input < index else {
                    throw .invalidLayer(layer.name, reason: "input \(input) is not an earlier layer")
                }
                if users[input].last != index { users[input].append(index) }
            }
            if let reason = layer.operation.arityProblem(inputCount: layer.inputs.count) {
                throw .invalidLayer(layer.name, reason: reason)
            }
        }
        self.name = name
        self.layers = layers
        self.users = users
    }

    /// Trainable parameters of all layers.
    public var parameterCount: Int {
        layers.reduce(0) { $0 + $1.parameterCount }
    }

    /// The index of the layer called `name`.
    public func index(named name: String) -> Int? {
        layers.firstIndex { $0.name == name }
    }
}
