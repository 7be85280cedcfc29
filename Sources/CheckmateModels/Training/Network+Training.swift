import Checkmate

extension Network {
    /// The training graph of one step: the forward pass, the loss, and the backward pass.
    ///
    /// Each layer gives one forward node whose output is the layer's output
    /// (`memory` from its shape and `options.dataType`), except inputs, which
    /// live in `constantMemory`, and views, which alias their input and give
    /// no node. Dropout adds a mask node (one byte per element) that its
    /// forward and backward nodes read. The loss node's output is the
    /// log-probabilities that its gradient reads; a max pooling with a
    /// backward pass or a max unpooling keeps the positions of its maxima
    /// with its output (``Operation/maximumIndexBytes(input:)``).
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
    /// A node's `workspace` is what it holds only while it runs: a
    /// normalization's mean and variance (two float32 per channel for batch
    /// norm), computed by its forward node and recomputed from the same input
    /// by its backward node, and, in a backward node, the gradient in flight
    /// when it cannot be computed in place (the sum of several gradients of
    /// the output, the gradients at a fused node's inner tensors).
    ///
    /// With `options.fusesPointwiseLayers`, a pointwise layer (normalization,
    /// activation) that alone reads a layer's output joins that layer's node
    /// (`conv1+bn1+relu1`): one forward and one backward node for the chain,
    /// whose output also holds the chain's inner tensors that the backward pass reads.
    ///
    /// Nodes come in layer order, then backward nodes in reverse layer order.
    /// Each node's `metadata` holds its `layer`, `op`, `dtype`, `flops` and, for
    /// forward nodes, `shape`. Costs come from `options.costModel`.
    ///
    /// - Throws: ``NetworkError/noLoss`` when no layer is a loss.
    public func trainingGraph(_ options: TrainingOptions = TrainingOptions()) throws(NetworkError) -> TrainingGraph {
        try trainingStep(options).graph
    }

    /// The training graph of ``trainingGraph(_:)`` with the plan it follows
    /// and the parts of each node's output (``TrainingStep``).
    ///
    /// - Throws: ``NetworkError/noLoss`` when no layer is a loss.
    public func trainingStep(_ options: TrainingOptions = TrainingOptions()) throws(NetworkError) -> TrainingStep {
        guard layers.contains(where: { $0.operation.isLoss }) else { throw .noLoss }
        let plan = TrainingPlan(self, fusesPointwiseLayers: options.fusesPointwiseLayers)
        let dataType = options.dataType
        let bytes = { (shape: TensorShape) in Double(shape.byteCount(dataType)) }
        var nodes: [Node] = []
        var parts: [[TrainingStep.Part]] = []
        var forward = Array(repeating: -1, count: plan.groups.count)
        var mask = [Int?](repeating: nil, count: plan.groups.count)

        /// Appends a node whose output holds `contents`; its memory is where the last part ends.
        func append(_ name: String, _ kind: Node.Kind, contents: [TrainingStep.Part], workspace: Int = 0,
                    inputs: [Int], members: [Int], work: NodeWork, shape: TensorShape?) -> Int {
            var metadata: [String: JSONValue] = [
                "layer": .string(members.map { layers[$0].name }.joined(separator: "+")),
                "op": .string(members.map { layers[$0].operation.family }.joined(separator: "+")),
                "dtype": .string(dataType.rawValue), "flops": .number(work.flops),
            ]
            if let shape { metadata["shape"] = .array(shape.dimensions.map { .number(Double($0)) }) }
            parts.append(contents)
            nodes.append(Node(id: nodes.count, name: name, kind: kind,
                              cost: options.costModel.cost(of: work, dataType: dataType),
                              memory: contents.map { $0.offset + $0.bytes }.max() ?? 0, workspace: workspace, inputs: Array(Set(inputs)).sorted(), metadata: metadata))
            return nodes.count - 1
        }
        /// The node holding layer `i`'s value, or nil for an input (in `constantMemory`).
        func value(_ i: Int) -> Int? {
            plan.groupOf[i] >= 0 ? forward[plan.groupOf[i]] : nil
        }
        let reads = plan.backwardReads

        for (g, members) in plan.groups.enumerated() {
            let head = layers[members[0]], last = layers[members.last!]
            var inputs = head.inputs.compactMap(value)
            var contents: [(TrainingStep.Part.Kind, Int, Int)] = [
                (.value, members.last!, last.operation.isLoss
                    ? layers[last.inputs[0]].shape.byteCount(dataType) : last.shape.byteCount(dataType)),
            ]
            if plan.keepsIndices[members.last!], let size = last.operation.maximumIndexBytes(input: layers[last.inputs[0]].shape) {
                contents.append((.indices, members.last!, last.shape.elementCount * size))
            }
            contents += plan.innerTensorsRead(in: g, reads: reads).map { (.value, $0, layers[$0].shape.byteCount(dataType)) }
            if case .dropout = head.operation {
                let maskBytes = head.shape.byteCount(.uint8)
                mask[g] = append("\(head.name)/mask", .forward, contents: laidOut([(.mask, members[0], maskBytes)]), inputs: [],
                                 members: members,
                                 work: NodeWork(flops: Double(head.shape.elementCount), bytesMoved: Double(maskBytes)),
                                 shape: head.shape)
                inputs.append(mask[g]!)
            }
            var work = NodeWork(flops: 0, bytesMoved: 0)
            for i in members {
                let layer = layers[i]
                let inputShapes = layer.inputs.map { layers[$0].shape }
                work.flops += layer.operation.forwardFLOPs(inputs: inputShapes, output: layer.shape)
                work.bytesMoved += inputShapes.map(bytes).reduce(0, +) + bytes(layer.shape)
                    + Double(layer.parameterCount * dataType.byteCount)
            }
            forward[g] = append(members.map { layers[$0].name }.joined(separator: "+"),
                                last.operation.isLoss ? .loss : .forward, contents: laidOut(contents),
                                workspace: plan.forwardWorkspace(g), inputs: inputs,
                                members: members, work: work, shape: last.shape)
        }

        var backward = [Int?](repeating: nil, count: plan.groups.count)
        for (g, members) in plan.groups.enumerated().reversed() where members.contains(where: { plan.hasBackward[$0] }) {
            let head = members[0], last = members.last!
            var inputs = plan.gradientUsers[last].compactMap { backward[plan.groupOf[$0]] }
            let incoming = Set(inputs).count
            if reads(last).output || reads(last).indices || !plan.innerTensorsRead(in: g, reads: reads).isEmpty {
                inputs.append(forward[g])
            }
            inputs += reads(head).inputs.compactMap { value(layers[head].inputs[$0]) }
            if reads(head).mask, let mask = mask[g] { inputs.append(mask) }
            var work = NodeWork(flops: 0, bytesMoved: 0)
            for i in members where plan.hasBackward[i] {
                let layer = layers[i]
                let needs = plan.inputsNeedingGradient(i)
                work.flops += layer.operation.backwardFLOPs(
                    inputs: layer.inputs.map { layers[$0].shape }, output: layer.shape,
                    inputsNeedingGradient: needs, hasParameters: layer.parameterCount > 0)
                let read = reads(i)
                work.bytesMoved += (layer.operation.isLoss ? 0 : bytes(layer.shape))
                    + read.inputs.map { bytes(layers[layer.inputs[$0]].shape) }.reduce(0, +)
                    + (read.output ? bytes(layer.shape) : 0) + (read.mask ? Double(layer.shape.elementCount) : 0)
                    + Double(plan.gradientBytes(i, dataType: dataType) + 2 * layer.parameterCount * dataType.byteCount)
            }
            backward[g] = append(members.map { layers[$0].name }.joined(separator: "+") + "/grad", .backward,
                                 contents: gradientContents(of: head, plan: plan, dataType: dataType),
                                 workspace: plan.backwardWorkspace(g, incoming: incoming, dataType: dataType),
                                 inputs: inputs, members: members, work: work, shape: nil)
        }
        let graph: TrainingGraph
        do {
            graph = try TrainingGraph(
                name: name, costUnit: options.costModel.unit,
                constantMemory: constantMemory(dataType: dataType, optimizer: options.optimizer).total, nodes: nodes)
        } catch {
            preconditionFailure("a derived training graph is invalid: \(error)")
        }
        return TrainingStep(graph: graph, plan: plan, forwardNodes: forward, backwardNodes: backward,
                            maskNodes: mask, parts: parts)
    }

    /// The gradients layer `i`'s backward node outputs: one per distinct input
    /// value that needs one, in reading order; an addition's inputs share one,
    /// of the output's size (the output's memory is
    /// ``TrainingPlan/gradientBytes(_:dataType:)``).
    private func gradientContents(of i: Int, plan: TrainingPlan, dataType: DataType) -> [TrainingStep.Part] {
        var sources: [Int] = []
        for (input, needed) in zip(layers[i].inputs, plan.inputsNeedingGradient(i))
        where needed && !sources.contains(plan.storage[input]) {
            sources.append(plan.storage[input])
        }
        if case .binary(.add) = layers[i].operation {
            return sources.map { TrainingStep.Part(kind: .gradient, layer: $0, offset: 0, bytes: layers[i].shape.byteCount(dataType)) }
        }
        return laidOut(sources.map { (.gradient, $0, layers[$0].shape.byteCount(dataType)) })
    }

    /// Parts of `(kind, layer, bytes)` laid end to end from offset 0.
    private func laidOut(_ contents: [(TrainingStep.Part.Kind, Int, Int)]) -> [TrainingStep.Part] {
        var offset = 0
        return contents.map { kind, layer, bytes in
            defer { offset += bytes }
            return TrainingStep.Part(kind: kind, layer: layer, offset: offset, bytes: bytes)
        }
    }
}
