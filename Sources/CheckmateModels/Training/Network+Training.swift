import Checkmate

extension Network {
    /// The training graph of one step: the forward pass, the loss, and the backward pass.
    ///
    /// Each layer gives one forward node whose output is the layer's output
    /// (`memory` from its shape and `options.dataType`), except inputs, which
    /// live in `constantMemory`, and views, which alias their input and give
    /// no node. Dropout adds a mask node (one byte per element) that its
    /// forward and backward nodes read. The loss node's output is the
    /// log-probabilities that its gradient reads.
    ///
    /// A layer gets one backward node (`name/grad`) when a gradient reaches its
    /// output and it has parameters or an input that needs a gradient (an
    /// input needs one when it depends on parameters). The node computes the
    /// gradients of the layer's parameters (kept in `constantMemory`) and of
    /// those inputs, so its output is their bytes (one shared tensor for an
    /// addition). It reads the backward nodes of every layer that reads this
    /// one (their sum is the output's gradient; the loss's reads the loss node)
    /// and the forward tensors ``Operation/backwardReads(inputsNeedingGradient:hasParameters:)`` lists.
    ///
    /// Nodes come in layer order, then backward nodes in reverse layer order.
    /// Each node's `metadata` holds its `layer`, `op`, `dtype`, `flops` and, for
    /// forward nodes, `shape`. Costs come from `options.costModel`.
    ///
    /// - Throws: ``NetworkError/noLoss`` when no layer is a loss.
    public func trainingGraph(_ options: TrainingOptions = TrainingOptions()) throws(NetworkError) -> TrainingGraph {
        let plan = BackwardPlan(self)
        guard layers.contains(where: { $0.operation.isLoss }) else { throw .noLoss }
        let dataType = options.dataType
        let bytes = { (shape: TensorShape) in Double(shape.byteCount(dataType)) }
        let parameterBytes = { (layer: Layer) in Double(layer.parameterCount * dataType.byteCount) }
        var nodes: [Node] = []
        var forward = Array(repeating: -1, count: layers.count)
        var mask = Array(repeating: -1, count: layers.count)

        func append(_ name: String, _ kind: Node.Kind, memory: Int, inputs: [Int], layer: Layer,
                    work: NodeWork, shape: TensorShape?) -> Int {
            var metadata: [String: JSONValue] = [
                "layer": .string(layer.name), "op": .string(layer.operation.family),
                "dtype": .string(dataType.rawValue), "flops": .number(work.flops),
            ]
            if let shape { metadata["shape"] = .array(shape.dimensions.map { .number(Double($0)) }) }
            nodes.append(Node(id: nodes.count, name: name, kind: kind,
                              cost: options.costModel.cost(of: work, dataType: dataType),
                              memory: memory, inputs: inputs, metadata: metadata))
            return nodes.count - 1
        }
        /// The node holding layer `i`'s value, or nil for an input (in `constantMemory`).
        func value(_ i: Int) -> Int? {
            let s = plan.storage[i]
            return forward[s] >= 0 ? forward[s] : nil
        }

        for (i, layer) in layers.enumerated() where plan.makesNode(i) {
            let inputShapes = layer.inputs.map { layers[$0].shape }
            var inputs = layer.inputs.compactMap(value)
            var memory = layer.shape.byteCount(dataType)
            if case .softmaxCrossEntropy = layer.operation { memory = inputShapes[0].byteCount(dataType) }
            if plan.keepsIndices[i] { memory += layer.shape.byteCount(.int64) }
            if case .dropout = layer.operation {
                let maskBytes = layer.shape.byteCount(.uint8)
                mask[i] = append("\(layer.name)/mask", .forward, memory: maskBytes, inputs: [], layer: layer,
                                 work: NodeWork(flops: Double(layer.shape.elementCount), bytesMoved: Double(maskBytes)),
                                 shape: layer.shape)
                inputs.append(mask[i])
            }
            let flops = layer.operation.forwardFLOPs(inputs: inputShapes, output: layer.shape)
            let moved = inputShapes.map(bytes).reduce(0, +) + Double(memory) + parameterBytes(layer)
            forward[i] = append(layer.name, layer.operation.isLoss ? .loss : .forward, memory: memory,
                                inputs: inputs, layer: layer, work: NodeWork(flops: flops, bytesMoved: moved),
                                shape: layer.shape)
        }

        var backward = Array(repeating: -1, count: layers.count)
        for (i, layer) in layers.enumerated().reversed() where plan.hasBackward[i] {
            let needs = layer.inputs.map { plan.needsGradient[$0] }
            let reads = layer.operation.backwardReads(inputsNeedingGradient: needs, hasParameters: layer.parameterCount > 0)
            var inputs = plan.users[i].compactMap { backward[$0] >= 0 ? backward[$0] : nil }
            var readBytes = layer.operation.isLoss ? 0 : bytes(layer.shape)
            for position in reads.inputs where position < layer.inputs.count {
                readBytes += bytes(layers[layer.inputs[position]].shape)
                if let node = value(layer.inputs[position]) { inputs.append(node) }
            }
            if reads.output { inputs.append(forward[i]); readBytes += Double(nodes[forward[i]].memory) }
            if reads.mask { inputs.append(mask[i]); readBytes += Double(nodes[mask[i]].memory) }
            let memory = plan.gradientBytes(i, dataType: dataType)
            let flops = layer.operation.backwardFLOPs(
                inputs: layer.inputs.map { layers[$0].shape }, output: layer.shape,
                inputsNeedingGradient: needs, hasParameters: layer.parameterCount > 0)
            let moved = readBytes + Double(memory) + 2 * parameterBytes(layer)
            backward[i] = append("\(layer.name)/grad", .backward, memory: memory, inputs: inputs.sorted(),
                                 layer: layer, work: NodeWork(flops: flops, bytesMoved: moved), shape: nil)
        }
        do {
            return try TrainingGraph(
                name: name, costUnit: options.costModel.unit,
                constantMemory: constantMemory(dataType: dataType, optimizer: options.optimizer).total, nodes: nodes)
        } catch {
            preconditionFailure("a derived training graph is invalid: \(error)")
        }
    }
}

/// Which layers make nodes, which need gradients, and who reads whom once views are resolved.
private struct BackwardPlan {
    /// The layer whose node holds layer `i`'s value: `i` itself, or for a view the layer it aliases.
    var storage: [Int]
    /// `users[i]`: the layers (not views) that read layer `i`'s value, through views or directly.
    var users: [[Int]]
    /// Whether layer `i`'s value depends on parameters, so a gradient must reach it.
    var needsGradient: [Bool]
    /// Whether layer `i` has a backward node.
    var hasBackward: [Bool]
    /// Whether layer `i` is a max pooling whose indices a max unpooling reads.
    var keepsIndices: [Bool]
    let network: Network

    init(_ network: Network) {
        let layers = network.layers
        let n = layers.count
        var storage = Array(0..<n)
        var needsGradient = Array(repeating: false, count: n)
        var users = Array(repeating: [Int](), count: n)
        var keepsIndices = Array(repeating: false, count: n)
        for (i, layer) in layers.enumerated() {
            if layer.operation.isAlias {
                storage[i] = storage[layer.inputs[0]]
                needsGradient[i] = needsGradient[layer.inputs[0]]
                continue
            }
            if case .input = layer.operation { continue }
            needsGradient[i] = layer.parameterCount > 0 || layer.inputs.contains { needsGradient[$0] }
            for input in layer.inputs where users[storage[input]].last != i { users[storage[input]].append(i) }
            if case .maxUnpooling = layer.operation { keepsIndices[storage[layer.inputs[1]]] = true }
        }
        var receives = Array(repeating: false, count: n)
        var backward = Array(repeating: false, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) where storage[i] == i {
            let layer = layers[i]
            receives[i] = layer.operation.isLoss
                || (needsGradient[i] && users[i].contains { receives[$0] && backward[$0] })
            backward[i] = receives[i] && (layer.parameterCount > 0 || layer.inputs.contains { needsGradient[$0] })
        }
        self.network = network
        self.storage = storage
        self.users = users
        self.needsGradient = needsGradient
        self.hasBackward = backward
        self.keepsIndices = keepsIndices
    }

    func makesNode(_ i: Int) -> Bool {
        guard storage[i] == i else { return false }
        if case .input = network.layers[i].operation { return false }
        return true
    }

    /// Bytes of the gradients layer `i`'s backward node produces: one per
    /// distinct input value that needs a gradient, one shared tensor for an addition.
    func gradientBytes(_ i: Int, dataType: DataType) -> Int {
        let layer = network.layers[i]
        let sources = layer.inputs.filter { needsGradient[$0] }.map { storage[$0] }
        guard !sources.isEmpty else { return 0 }
        if case .binary(.add) = layer.operation { return layer.shape.byteCount(dataType) }
        return Set(sources).map { network.layers[$0].shape.byteCount(dataType) }.reduce(0, +)
    }
}
