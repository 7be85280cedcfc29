/// The structure of a network's training graph before any node is made:
/// which layers make nodes (and which share one when fused), which need
/// gradients, and who reads whom once views are resolved.
///
/// ``Network/trainingStep(_:)`` makes the graph from it; a runtime that
/// executes the graph reads it to know which layers each node computes.
public struct TrainingPlan: Sendable {
    public let network: Network
    /// The layer whose node holds layer `i`'s value: `i` itself, or for a view the layer it aliases.
    public private(set) var storage: [Int]
    /// `users[i]`: the layers (not views) that read layer `i`'s value, through views or directly.
    public private(set) var users: [[Int]]
    /// `gradientUsers[i]`: the layers of `users[i]` whose gradient flows back into layer `i`'s
    /// value (a max unpooling reads its pooling's indices, which carry none).
    public private(set) var gradientUsers: [[Int]]
    /// Whether layer `i`'s value depends on parameters, so a gradient must reach it.
    public private(set) var needsGradient: [Bool]
    /// Whether layer `i` has a backward computation.
    public private(set) var hasBackward: [Bool]
    /// Whether layer `i` is a max pooling that keeps the positions of its
    /// maxima with its output: for its own backward pass or for a max unpooling.
    public private(set) var keepsIndices: [Bool]
    /// `groups[g]`: the layers of one node, in order; the first reads the
    /// node's inputs, each other one only the layer before it.
    public private(set) var groups: [[Int]] = []
    /// `groupOf[i]`: the group of layer `i`'s node (a view's is its source's), or -1 for an input.
    public private(set) var groupOf: [Int]

    init(_ network: Network, fusesPointwiseLayers: Bool) {
        let layers = network.layers
        let n = layers.count
        var storage = Array(0..<n)
        var needsGradient = Array(repeating: false, count: n)
        var users = Array(repeating: [Int](), count: n)
        var gradientUsers = users
        var keepsIndices = Array(repeating: false, count: n)
        for (i, layer) in layers.enumerated() {
            if layer.operation.isAlias {
                storage[i] = storage[layer.inputs[0]]
                needsGradient[i] = needsGradient[layer.inputs[0]]
                continue
            }
            if case .input = layer.operation { continue }
            needsGradient[i] = layer.parameterCount > 0 || layer.inputs.contains { needsGradient[$0] }
            for (position, input) in layer.inputs.enumerated() {
                if users[storage[input]].last != i { users[storage[input]].append(i) }
                if layer.operation.passesGradient(toInput: position), gradientUsers[storage[input]].last != i {
                    gradientUsers[storage[input]].append(i)
                }
            }
            if case .maxUnpooling = layer.operation { keepsIndices[storage[layer.inputs[1]]] = true }
        }
        var receives = Array(repeating: false, count: n)
        var backward = Array(repeating: false, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) where storage[i] == i {
            let layer = layers[i]
            receives[i] = layer.operation.isLoss
                || (needsGradient[i] && gradientUsers[i].contains { receives[$0] && backward[$0] })
            let inputNeedsGradient = layer.inputs.indices.contains {
                layer.operation.passesGradient(toInput: $0) && needsGradient[layer.inputs[$0]]
            }
            backward[i] = receives[i] && (layer.parameterCount > 0 || inputNeedsGradient)
            if backward[i], layer.operation.isMaxPooling { keepsIndices[i] = true }
        }
        self.network = network
        self.storage = storage
        self.users = users
        self.gradientUsers = gradientUsers
        self.needsGradient = needsGradient
        self.hasBackward = backward
        self.keepsIndices = keepsIndices
        self.groupOf = Array(repeating: -1, count: n)
        for (i, layer) in layers.enumerated() {
            if storage[i] != i {
                groupOf[i] = groupOf[storage[i]]
                continue
            }
            if case .input = layer.operation { continue }
            if fusesPointwiseLayers, let group = fusibleGroup(of: i) {
                groups[group].append(i)
                groupOf[i] = group
            } else {
                groupOf[i] = groups.count
                groups.append([i])
            }
        }
    }

    /// The group layer `i` can join: that of its only input when `i` is a
    /// pointwise layer, its input's node ends with that input, and nothing
    /// else reads that input.
    private func fusibleGroup(of i: Int) -> Int? {
        let layer = network.layers[i]
        guard layer.operation.isPointwise, layer.inputs.count == 1 else { return nil }
        let source = storage[layer.inputs[0]]
        let group = groupOf[source]
        guard group >= 0, groups[group].last == source, users[source] == [i], !keepsIndices[source] else { return nil }
        switch network.layers[source].operation {
        case .dropout, .softmaxCrossEntropy: return nil
        default: return group
        }
    }

    /// Bytes of the gradients layer `i`'s backward computation produces: one per
    /// distinct input value that needs a gradient, one shared tensor for an addition.
    public func gradientBytes(_ i: Int, dataType: DataType) -> Int {
        let layer = network.layers[i]
        let sources = zip(layer.inputs, inputsNeedingGradient(i)).filter(\.1).map { storage[$0.0] }
        guard !sources.isEmpty else { return 0 }
        if case .binary(.add) = layer.operation { return layer.shape.byteCount(dataType) }
        return Set(sources).map { network.layers[$0].shape.byteCount(dataType) }.reduce(0, +)
    }
}

extension TrainingPlan {
    /// For each input position of layer `i`, whether the layer's backward computation must give it a gradient.
    public func inputsNeedingGradient(_ i: Int) -> [Bool] {
        let layer = network.layers[i]
        return layer.inputs.enumerated().map { layer.operation.passesGradient(toInput: $0) && needsGradient[$1] }
    }
}

extension Operation {
    /// Whether a gradient flows from the output into the input at `position`:
    /// everywhere but into the pooling whose indices a max unpooling reads.
    public func passesGradient(toInput position: Int) -> Bool {
        if case .maxUnpooling = self { return position == 0 }
        return true
    }

    /// Whether the operation maps each element (or each channel's elements)
    /// on its own, so it can run fused with the layer before it.
    public var isPointwise: Bool {
        switch self {
        case .batchNormalization, .instanceNormalization, .activation, .elementwise: true
        case .binary: true
        default: false
        }
    }

    /// Whether the gradient at the input has the output's shape and can be
    /// computed in place over the gradient at the output: pointwise layers of
    /// one input, dropout, and an addition (whose gradient is the output's).
    public var hasInPlaceGradient: Bool {
        switch self {
        case .batchNormalization, .instanceNormalization, .activation, .elementwise, .dropout: true
        case .binary(let op): op == .add
        default: false
        }
    }

    /// The number of mean and variance pairs a normalization computes for an
    /// input of `shape` (one per channel for batch norm), 0 for other operations.
    public func statisticsCount(input shape: TensorShape) -> Int {
        switch self {
        case .batchNormalization: shape.rank > 1 ? shape[1] : 0
        case .instanceNormalization: shape.rank > 1 ? shape[0] * shape[1] : 0
        case .layerNormalization(let axis): shape.normalized(axis: axis).map { shape.dimensions[..<$0].reduce(1, *) } ?? 0
        default: 0
        }
    }
}

extension TrainingPlan {
    /// What layer `i`'s backward computation reads (nothing when it has none).
    public func backwardReads(_ i: Int) -> BackwardReads {
        guard hasBackward[i] else { return .nothing }
        return network.layers[i].operation.backwardReads(inputsNeedingGradient: inputsNeedingGradient(i),
                                                         hasParameters: network.layers[i].parameterCount > 0)
    }

    /// The layers of group `g`, other than its last, whose outputs the
    /// group's backward computation reads (with `reads` giving each layer's needs).
    public func innerTensorsRead(in g: Int, reads: (Int) -> BackwardReads) -> [Int] {
        let members = groups[g]
        var inner: [Int] = []
        for (k, i) in members.enumerated() {
            if k > 0, reads(i).inputs.contains(0), !inner.contains(members[k - 1]) { inner.append(members[k - 1]) }
            if k < members.count - 1, reads(i).output, !inner.contains(i) { inner.append(i) }
        }
        return inner
    }
}

extension TrainingPlan {
    /// Bytes of the mean and variance (float32) that layer `i` computes if it is a normalization.
    public func statisticsBytes(_ i: Int) -> Int {
        let layer = network.layers[i]
        guard let input = layer.inputs.first else { return 0 }
        return 2 * layer.operation.statisticsCount(input: network.layers[input].shape) * DataType.float32.byteCount
    }

    /// Scratch bytes group `g`'s forward node holds while it runs: the statistics of its normalizations.
    public func forwardWorkspace(_ g: Int) -> Int {
        groups[g].map(statisticsBytes).max() ?? 0
    }

    /// Scratch bytes group `g`'s backward node holds while it runs, when it
    /// reads `incoming` gradients of its output: the recomputed statistics of
    /// its normalizations, and one tensor of the head's output size for the
    /// gradient in flight when it cannot be read in place. That tensor holds
    /// the sum of several incoming gradients and the gradients at the group's
    /// inner tensors, unless the head's own gradient output can (the head's
    /// gradient is computed in place, ``Operation/hasInPlaceGradient``, and an
    /// input needs it); a batch norm whose input needs no gradient also writes
    /// that gradient there, as oneDNN computes it anyway.
    public func backwardWorkspace(_ g: Int, incoming: Int, dataType: DataType) -> Int {
        let members = groups[g]
        let head = network.layers[members[0]]
        let statistics = members.map(statisticsBytes).max() ?? 0
        let outputBytes = head.shape.byteCount(dataType)
        let headHasGradient = gradientBytes(members[0], dataType: dataType) > 0
        if case .batchNormalization = head.operation, !headHasGradient { return statistics + outputBytes }
        let inFlight = members.count > 1 || incoming > 1
        let hosted = head.operation.hasInPlaceGradient && headHasGradient
        return statistics + (inFlight && !hosted ? outputBytes : 0)
    }
}
