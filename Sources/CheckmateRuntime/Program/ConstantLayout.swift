import CheckmateModels

/// Where the constant memory lies in the arena, from offset 0: the network's
/// inputs (the batch), the loss's labels, then the parameters, their
/// gradients and the optimizer's state in blocks of one layout
/// (``ParameterTable``). Each tensor starts on a 64-byte boundary.
struct ConstantLayout {
    /// Each input layer's batch: offset and element count.
    let inputs: [Int: (offset: Int, count: Int)]
    /// Each loss layer's labels (`int64`): offset, count and the number of classes.
    let labels: [Int: (offset: Int, count: Int, classes: Int)]
    let parameters: Int
    let gradients: Int
    /// One block per optimizer state tensor (momentum; Adam's two moments).
    let state: [Int]
    /// Floats per parameter-shaped block.
    let parameterFloats: Int
    /// Bytes of the whole constant memory, alignment included.
    let bytes: Int

    /// The layout of `network`'s inputs and labels, with parameter blocks of `parameterFloats` floats.
    init(network: Network, parameterFloats: Int, optimizer: Optimizer) {
        var cursor = 0
        func take(_ bytes: Int) -> Int {
            defer { cursor += ArenaPlan.aligned(bytes) }
            return cursor
        }
        var inputs: [Int: (Int, Int)] = [:]
        var labels: [Int: (Int, Int, Int)] = [:]
        for (i, layer) in network.layers.enumerated() {
            switch layer.operation {
            case .input:
                inputs[i] = (take(layer.shape.elementCount * 4), layer.shape.elementCount)
            case .softmaxCrossEntropy(let axis):
                let logits = network.layers[layer.inputs[0]].shape
                let classes = logits.normalized(axis: axis).map { logits[$0] } ?? 1
                let count = logits.elementCount / max(classes, 1)
                labels[i] = (take(count * 8), count, classes)
            default:
                break
            }
        }
        self.inputs = inputs
        self.labels = labels
        self.parameterFloats = parameterFloats
        parameters = take(parameterFloats * 4)
        gradients = take(parameterFloats * 4)
        state = (0..<optimizer.stateCount).map { _ in take(parameterFloats * 4) }
        bytes = cursor
    }
}
