/// The bytes a training step holds from start to end: the graph's `constantMemory` (`M0`), by part.
public struct ConstantMemory: Hashable, Sendable {
    /// The trainable parameters.
    public var parameters: Int
    /// One gradient per parameter.
    public var gradients: Int
    /// The optimizer's state (momentum, Adam's moments).
    public var optimizerState: Int
    /// The network's inputs and the loss's labels.
    public var inputBatch: Int

    /// The sum of the parts.
    public var total: Int { parameters + gradients + optimizerState + inputBatch }
}

extension Network {
    /// The memory held for a whole training step with these options.
    ///
    /// Parameters, their gradients and `optimizer.stateCount` more copies
    /// take `dataType`'s bytes per parameter; inputs take their own type (the
    /// training type when they have none), and each loss adds one `int64`
    /// label per position (the logits without their class axis).
    public func constantMemory(dataType: DataType, optimizer: Optimizer) -> ConstantMemory {
        let parameterBytes = parameterCount * dataType.byteCount
        var inputBytes = 0
        for layer in layers {
            switch layer.operation {
            case .input(let type):
                inputBytes += layer.shape.byteCount(type ?? dataType)
            case .softmaxCrossEntropy(let axis):
                let logits = layers[layer.inputs[0]].shape
                let classes = logits.normalized(axis: axis).map { logits[$0] } ?? 1
                inputBytes += logits.elementCount / max(classes, 1) * DataType.int64.byteCount
            default:
                break
            }
        }
        return ConstantMemory(parameters: parameterBytes, gradients: parameterBytes,
                              optimizerState: optimizer.stateCount * parameterBytes, inputBatch: inputBytes)
    }
}
