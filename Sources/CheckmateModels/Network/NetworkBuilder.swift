/// Builds a ``Network`` layer by layer, inferring each output shape and parameter count.
///
/// Methods return a ``LayerID`` to feed to later layers. They do not throw:
/// the first problem (shapes that do not fit, a bad attribute) is recorded,
/// later layers are added without inference, and ``build()`` throws it, so
/// model code reads like the model.
///
///     var b = NetworkBuilder(name: "block", input: [32, 64, 56, 56])
///     let y = b.relu(b.batchNormalization(b.convolution(b.input, filters: 64, kernel: 3, padding: 1)))
///     _ = b.softmaxCrossEntropy(b.dense(b.flatten(b.globalAveragePooling(b.add(y, b.input))), units: 10))
///     let network = try b.build()
public struct NetworkBuilder: Sendable {
    public var name: String
    public private(set) var layers: [Layer] = []
    private var firstError: NetworkError?
    private var nameCounts: [String: Int] = [:]

    /// A builder whose first layer is an input of `shape` called `inputName`.
    ///
    /// - Parameters:
    ///   - name: the network's name.
    ///   - shape: the input's shape, batch first.
    ///   - dataType: the input's element type; nil means the training data type.
    ///   - inputName: the input layer's name.
    public init(name: String, input shape: TensorShape, dataType: DataType? = nil, inputName: String = "input") {
        self.name = name
        _ = addInput(shape, dataType: dataType, name: inputName)
    }

    /// The first input.
    public var input: LayerID { LayerID(0) }

    /// Adds another input of the network.
    @discardableResult
    public mutating func addInput(_ shape: TensorShape, dataType: DataType? = nil, name: String) -> LayerID {
        add(.input(dataType), [], name: name, shape: shape)
    }

    /// Adds a layer computing `operation` on `inputs`.
    ///
    /// - Parameters:
    ///   - operation: what the layer computes.
    ///   - inputs: the layers whose outputs it reads, in the operation's order.
    ///   - name: the layer's name; by default the operation family and a number (`convolution3`).
    ///   - shape: the output shape; inferred from the inputs when nil.
    ///   - parameterCount: trainable parameters; inferred from the inputs when nil.
    @discardableResult
    public mutating func add(
        _ operation: Operation, _ inputs: [LayerID], name: String? = nil,
        shape: TensorShape? = nil, parameterCount: Int? = nil
    ) -> LayerID {
        let layerName = name ?? automaticName(operation.family)
        let indices = inputs.map(\.index)
        var outputShape = shape ?? []
        var parameters = parameterCount ?? 0
        if firstError == nil {
            if let bad = indices.first(where: { !layers.indices.contains($0) }) {
                firstError = .invalidLayer(layerName, reason: "input \(bad) is not an earlier layer")
            } else {
                let inputShapes = indices.map { layers[$0].shape }
                do throws(ShapeError) {
                    if shape == nil {
                        outputShape = try operation.outputShape(for: inputShapes)
                        guard outputShape.checkedElementCount != nil else {
                            throw ShapeError("its output \(outputShape) holds more than \(TensorShape.elementLimit) elements (2^50)")
                        }
                    }
                    if parameterCount == nil {
                        guard let count = operation.parameterCount(for: inputShapes) else {
                            throw ShapeError("has more than \(TensorShape.elementLimit) parameters (2^50)")
                        }
                        parameters = count
                    }
                    try checkReferences(operation, indices)
                } catch {
                    firstError = .invalidLayer(layerName, reason: error.reason)
                }
            }
        }
        layers.append(Layer(name: layerName, operation: operation, inputs: indices,
                            shape: outputShape, parameterCount: parameters))
        return LayerID(layers.count - 1)
    }

    /// The output shape of a layer added so far (empty for an ID this builder did not make).
    public func shape(of layer: LayerID) -> TensorShape {
        layers.indices.contains(layer.index) ? layers[layer.index].shape : []
    }

    /// The network, or the first problem met while building it.
    public func build() throws(NetworkError) -> Network {
        if let firstError { throw firstError }
        return try Network(name: name, layers: layers)
    }

    /// Rules that shapes alone do not cover.
    private func checkReferences(_ operation: Operation, _ inputs: [Int]) throws(ShapeError) {
        if case .maxUnpooling = operation {
            guard case .pooling(let p) = layers[inputs[1]].operation, p.kind == .max else {
                throw ShapeError("its second input must be a max pooling layer")
            }
        }
    }

    private mutating func automaticName(_ family: String) -> String {
        var candidate: String
        repeat {
            let count = nameCounts[family, default: 0] + 1
            nameCounts[family] = count
            candidate = "\(family)\(count)"
        } while layers.contains { $0.name == candidate }
        return candidate
    }
}
