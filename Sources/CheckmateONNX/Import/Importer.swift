import CheckmateModels

/// Walks an ONNX graph in topological order and builds the layers of a
/// ``Network``: graph inputs become input layers, nodes whose inputs are all
/// constant are folded, every other node becomes one layer (a few become
/// several), and each graph output gets a softmax cross-entropy loss.
struct Importer {
    let model: ONNXModel
    let options: ONNXImportOptions
    /// The value of every tensor name seen so far.
    private var values: [String: Value] = [:]
    private var layers: [Layer] = []
    private var layerNames: Set<String> = []
    /// Weight tensors already counted as some layer's parameters.
    private var claimedWeights: Set<String> = []
    /// The first dimension the model declares for its inputs, when they agree on a fixed one.
    private(set) var declaredBatch: Int?

    /// The network of `model` under `options`.
    static func network(of model: ONNXModel, options: ONNXImportOptions) throws(ONNXImportError) -> Network {
        guard options.batch >= 1, options.batch <= Dimensions.maximumElements else {
            throw .invalidOption("the batch size must be at least 1, not \(options.batch)")
        }
        var importer = Importer(model: model, options: options)
        try importer.readInitializers()
        try importer.readInputs()
        for index in model.order { try importer.lower(nodeAt: index) }
        try importer.addLosses()
        do {
            return try Network(name: model.name, layers: importer.layers)
        } catch {
            throw .invalidModel("the imported network is invalid: \(error)")
        }
    }

    private init(model: ONNXModel, options: ONNXImportOptions) {
        self.model = model
        self.options = options
    }

    // MARK: Inputs

    private mutating func readInitializers() throws(ONNXImportError) {
        for proto in model.graph.initializer {
            values[proto.name] = .constant(try ConstantTensor(proto: proto, name: proto.name).asSource(named: proto.name))
        }
    }

    /// Input layers for the graph inputs without initializers, their dimensions resolved.
    private mutating func readInputs() throws(ONNXImportError) {
        var bindings = options.dimensions
        for (name, value) in bindings where value < 1 || value > Dimensions.maximumElements {
            throw .invalidOption("--dim \(name)=\(value): a dimension must be at least 1")
        }
        var used = Set<String>()
        let declared = Set(model.graph.input.compactMap { input -> Int? in
            guard values[input.name] == nil, let first = input.type.tensorType.shape.dim.first,
                  case .dimValue(let value)? = first.value else { return nil }
            return Int(clamping: value)
        })
        declaredBatch = declared.count == 1 ? declared.first : nil
        for input in model.graph.input where values[input.name] == nil {
            guard case .tensorType(let tensor)? = input.type.value else {
                throw .invalidModel("graph input '\(input.name)' is not a tensor")
            }
            let type = ElementType(code: tensor.elemType)
            guard type.bits != nil else {
                throw .invalidModel("graph input '\(input.name)' has element type \(type), which has no size")
            }
            guard tensor.hasShape else { throw .invalidModel("graph input '\(input.name)' has no shape") }
            var shape: [Int] = []
            for (axis, dimension) in tensor.shape.dim.enumerated() {
                let symbol: String
                switch dimension.value {
                case .dimValue(let value)?:
                    if axis > 0 {
                        guard value >= 0, value <= Int64(Dimensions.maximumElements) else {
                            throw .invalidModel("graph input '\(input.name)': dimension \(axis) is \(value)")
                        }
                        shape.append(Int(value))
                        continue
                    }
                    symbol = ""
                case .dimParam(let name)?:
                    symbol = name
                case nil:
                    symbol = ""
                }
                if axis == 0 {
                    if !symbol.isEmpty {
                        if let bound = bindings[symbol], bound != options.batch {
                            throw .invalidOption("--dim \(symbol)=\(bound) contradicts --batch \(options.batch) "
                                + "(input '\(input.name)' has '\(symbol)' as its batch dimension)")
                        }
                        bindings[symbol] = options.batch
                        used.insert(symbol)
                    }
                    shape.append(options.batch)
                } else if let bound = bindings[symbol], !symbol.isEmpty {
                    used.insert(symbol)
                    shape.append(bound)
                } else {
                    throw .unresolvedDimension(input: input.name, dimension: symbol.isEmpty ? "#\(axis)" : symbol)
                }
            }
            guard Dimensions.elementCount(shape) != nil else {
                throw .invalidModel("graph input '\(input.name)' of shape \(Dimensions.describe(shape)) is too large")
            }
            let layer = addLayer(named: input.name, Layer(
                name: input.name, operation: .input(Self.dataType(type)), inputs: [], shape: TensorShape(shape)))
            values[input.name] = .activation(layer: layer, TensorType(shape: shape, elementType: type))
        }
        if let unused = options.dimensions.keys.sorted().first(where: { !used.contains($0) }) {
            throw .invalidOption("--dim \(unused): no graph input has a dimension called '\(unused)'")
        }
        guard !layers.isEmpty else { throw .invalidModel("the graph has no inputs without initializers") }
    }

    /// The zoo's type of an input layer: nil (the training type) for floating-point inputs.
    private static func dataType(_ type: ElementType) -> DataType? {
        switch type {
        case .int64: .int64
        case .int32: .int32
        case .uint8, .int8, .bool: .uint8
        default: nil
        }
    }

    // MARK: Nodes

    private mutating func lower(nodeAt index: Int) throws(ONNXImportError) {
        let node = model.graph.node[index]
        let context = NodeContext(
            node: node, label: model.label(ofNode: index), opset: model.opsetVersion,
            inputs: node.input.map { $0.isEmpty ? nil : values[$0] },
            batch: declaredBatch.map { ($0, options.batch) })
        try context.check(node.output.contains { !$0.isEmpty }, "has no outputs")
        let lowering = try Lowering.of(context, unknownOperators: options.unknownOperators)
        for type in lowering.outputs { _ = try context.checkedShape(type.shape) }
        let outputs = node.output
        if context.isConstant || lowering.layers.isNone {
            try defineConstants(context, lowering)
        } else {
            try emitLayers(context, lowering)
        }
        for (position, output) in outputs.enumerated() where !output.isEmpty && values[output] == nil {
            values[output] = .unavailable("output \(position) of node \(context.label) (\(context.op)), which is not modelled")
        }
    }

    /// The outputs of a folded node, as constants.
    private mutating func defineConstants(_ context: NodeContext, _ lowering: Lowering) throws(ONNXImportError) {
        let outputs = context.node.output
        let sources = sources(of: context, positions: lowering.operands + lowering.parameters)
        for (position, type) in lowering.outputs.enumerated() where position < outputs.count && !outputs[position].isEmpty {
            let elements = position < lowering.folded.count ? lowering.folded[position] : nil
            guard let tensor = ConstantTensor(shape: type.shape, elementType: type.elementType,
                                              elements: elements, sources: sources) else {
                throw context.fail("folding gives an inconsistent tensor for output \(position)")
            }
            values[outputs[position]] = .constant(lowering.isWeight ? tensor.asSource(named: outputs[position]) : tensor)
        }
    }

    /// The layers of a node that reads an activation.
    private mutating func emitLayers(_ context: NodeContext, _ lowering: Lowering) throws(ONNXImportError) {
        var layerInputs: [Int] = []
        for (position, value) in context.inputs.enumerated() {
            guard case .activation(let layer, _)? = value else { continue }
            guard lowering.operands.contains(position) else {
                throw context.fail("input \(position) ('\(context.node.input[position])') must be "
                    + (lowering.parameters.contains(position) ? "a constant weight" : "a constant known at import time")
                    + ", not a value computed from the graph inputs")
            }
            layerInputs.append(layer)
        }
        var parameterCount = 0
        for (name, count) in sources(of: context, positions: lowering.parameters)
        where claimedWeights.insert(name).inserted {
            parameterCount += count
        }
        let node = context.node
        let baseName = node.name.isEmpty ? (node.output.first { !$0.isEmpty } ?? context.op) : node.name
        switch lowering.layers {
        case .one(let operation):
            let type = lowering.outputs[0]
            let layer = addLayer(named: baseName, Layer(
                name: "", operation: operation, inputs: layerInputs, shape: TensorShape(type.shape),
                parameterCount: parameterCount))
            values[node.output[0]] = .activation(layer: layer, type)
        case .perOutput(let operations):
            for (position, operation) in operations.enumerated() where position < node.output.count {
                let type = lowering.outputs[position]
                let name = node.output[position].isEmpty ? "\(baseName)/\(position)" : node.output[position]
                let layer = addLayer(named: name, Layer(
                    name: "", operation: operation, inputs: layerInputs, shape: TensorShape(type.shape),
                    parameterCount: position == 0 ? parameterCount : 0))
                if !node.output[position].isEmpty { values[node.output[position]] = .activation(layer: layer, type) }
            }
        case .chain(let operation):
            // Sum of more than two activations: one binary layer per addition.
            var accumulated = layerInputs[0]
            for (step, next) in layerInputs.dropFirst().enumerated() {
                let last = step == layerInputs.count - 2
                let shape = last ? lowering.outputs[0].shape
                    : Dimensions.broadcast([layers[accumulated].shape.dimensions, layers[next].shape.dimensions]) ?? []
                accumulated = addLayer(named: last ? baseName : "\(baseName)/\(step + 1)", Layer(
                    name: "", operation: operation, inputs: [accumulated, next], shape: TensorShape(shape),
                    parameterCount: last ? parameterCount : 0))
            }
            values[node.output[0]] = .activation(layer: accumulated, lowering.outputs[0])
        case .none:
            break
        }
    }

    /// The weights behind the constant inputs at `positions`, each once.
    private func sources(of context: NodeContext, positions: [Int]) -> [String: Int] {
        var result = [String: Int]()
        for position in Set(positions) {
            guard case .constant(let tensor)? = context.input(position) else { continue }
            result.merge(tensor.sources) { first, _ in first }
        }
        return result
    }

    /// Appends `layer` under a unique name based on `name`; returns its index.
    private mutating func addLayer(named name: String, _ layer: Layer) -> Int {
        var unique = name.isEmpty ? "layer" : name
        var suffix = 1
        while layerNames.contains(unique) {
            suffix += 1
            unique = "\(name)#\(suffix)"
        }
        layerNames.insert(unique)
        var layer = layer
        layer.name = unique
        layers.append(layer)
        return layers.count - 1
    }

    // MARK: Outputs

    /// One softmax cross-entropy loss on each graph output computed from the inputs.
    private mutating func addLosses() throws(ONNXImportError) {
        var targets: [(name: String, layer: Int, shape: [Int])] = []
        for output in model.graph.output {
            switch values[output.name] {
            case .activation(let layer, let type)?:
                if !targets.contains(where: { $0.layer == layer }) { targets.append((output.name, layer, type.shape)) }
            case .unavailable(let reason)?:
                throw .invalidModel("graph output '\(output.name)' is \(reason)")
            case .constant?:
                continue
            case nil:
                throw .invalidModel("graph output '\(output.name)' is not produced by any node, input or initializer")
            }
        }
        guard !targets.isEmpty else { throw .invalidModel("no graph output depends on the graph inputs") }
        for target in targets {
            let name = targets.count == 1 ? "loss" : "loss/\(target.name)"
            _ = addLayer(named: name, Layer(
                name: "", operation: .softmaxCrossEntropy(classAxis: target.shape.count >= 2 ? 1 : 0),
                inputs: [target.layer], shape: []))
        }
    }
}
