/// The tensors held for a whole training step: the semantics' `M0`.
///
/// They are the input batch, its labels, every layer's parameters and the
/// parameters' gradients, and the loss value. Kernels read the parameters
/// and batch, the parameter-gradient kernels write `gradients`, and the loss
/// kernel writes `loss`; node outputs are never stored here.
public struct StepTensors: Hashable, Sendable {
    /// The input batch, `batch` rows of the first layer's width, row-major.
    public var input: [Float]
    /// The class of each row of the batch.
    public var labels: [Int32]
    /// Each layer's weights and bias.
    public var parameters: [DenseParameters]
    /// Each layer's weight and bias gradients, written by the backward pass.
    public var gradients: [DenseParameters]
    /// The mean loss of the batch, written by the loss node.
    public var loss: Float

    /// The bytes these tensors take: the graph's `constantMemory`.
    public var byteCount: Int {
        let floats = input.count + parameters.reduce(0) { $0 + $1.count } + gradients.reduce(0) { $0 + $1.count } + 1
        return floats * MemoryLayout<Float>.stride + labels.count * MemoryLayout<Int32>.stride
    }
}
