/// The structure of a network's training graph before any node is made:
/// which layers make nodes (and which share one when fused), which need
/// gradients, and who reads whom once views are resolved.
struct TrainingPlan {
    let network: Network
    /// The layer whose node holds layer `i`'s value: `i` itself, or for a view the layer it aliases.
    private(set) var storage: [Int]
    /// `users[i]`: the layers (not views) that read layer `i`'s value, through views or directly.
    private(set) var users: [[Int]]
    /// Whether layer `i`'s value depends on parameters, so a gradient must reach it.
    private(set) var needsGradient: [Bool]
    /// Whether layer `i` has a backward computation.
    private(set) var hasBackward: [Bool]
    /// Whether layer `i` is a max pooling whose indices a max unpooling reads.
    private(set) var keepsIndices: [Bool]
    /// `groups[g]`: the layers of one node, in order; the first reads the
    /// node's inputs, each other one only the layer before it.
    private(set) var groups: [[Int]] = []
    /// `groupOf[i]`: the group of layer `i`'s node (a view's is its source's), or -1 for an input.
    private(set) var groupOf: [Int]

    init(_ network: Network, fusesPointwiseLayers: Bool) {
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
    func gradientBytes(_ i: Int, dataType: DataType) -> Int {
        let layer = network.layers[i]
        let sources = layer.inputs.filter { needsGradient[$0] }.map { storage[$0] }
        guard !sources.isEmpty else { return 0 }
        if case .binary(.add) = layer.operation { return layer.shape.byteCount(dataType) }
        return Set(sources).map { network.layers[$0].shape.byteCount(dataType) }.reduce(0, +)
    }
}

extension Operation {
    /// Whether the operation maps each element (or each channel's elements)
    /// on its own, so it can run fused with the layer before it.
    var isPointwise: Bool {
        switch self {
        case .batchNormalization, .instanceNormalization, .activation, .elementwise: true
        case .binary: true
        default: false
        }
    }
}

extension TrainingPlan {
    /// The layers of group `g`, other than its last, whose outputs the
    /// group's backward computation reads (with `reads` giving each layer's needs).
    func innerTensorsRead(in g: Int, reads: (Int) -> BackwardReads) -> [Int] {
        let members = groups[g]
        var inner: [Int] = []
        for (k, i) in members.enumerated() {
            if k > 0, reads(i).inputs.contains(0), !inner.contains(members[k - 1]) { inner.append(members[k - 1]) }
            if k < members.count - 1, reads(i).output, !inner.contains(i) { inner.append(i) }
        }
        return inner
    }
}
