import CheckmateModels

/// The computation of one layer, forward and backward, on tensors in the arena.
///
/// A node of the training graph runs the kernels of its layers (several
/// when pointwise layers are fused): a forward node their ``forward(_:)`` in
/// layer order, a backward node their ``backward(_:)`` in reverse. Kernels are
/// deterministic: the same inputs give the same bits, so a recomputed node
/// writes exactly what it wrote the first time. A pointwise kernel's backward
/// may be given the same buffer as its output gradient and input gradient,
/// and computes in place.
protocol LayerKernel: AnyObject {
    /// The forward tensors ``backward(_:)`` reads besides the output's gradient:
    /// what the kernel needs, which the graph's rules must keep.
    var reads: BackwardReads { get }
    /// Scratch bytes ``forward(_:)`` needs beyond the graph's workspace (oneDNN's scratchpad).
    var forwardScratchBytes: Int { get }
    /// Scratch bytes ``backward(_:)`` needs beyond the graph's workspace.
    var backwardScratchBytes: Int { get }
    func forward(_ memory: LayerMemory)
    func backward(_ memory: LayerMemory)
}

/// The tensors one layer kernel reads and writes while a node runs; nil
/// where the node does not hold the tensor.
struct LayerMemory {
    /// The values of the layer's inputs, by position.
    var inputs: [UnsafeMutableRawPointer?] = []
    /// The layer's value: written by `forward`, read by `backward` when `reads.output`.
    var output: UnsafeMutableRawPointer?
    /// A max pooling's positions of its maxima (for a max unpooling, its pooling's).
    var indices: UnsafeMutableRawPointer?
    /// A dropout's mask.
    var mask: UnsafeMutableRawPointer?
    /// A normalization's mean and variance, float32, in the node's workspace.
    var statistics: UnsafeMutableRawPointer?
    /// The gradient of the loss at the layer's value.
    var outputGradient: UnsafeMutableRawPointer?
    /// Where to write the gradient at each input, by position; nil when none is needed.
    var inputGradients: [UnsafeMutableRawPointer?] = []
    /// Scratch space of the kernel's ``LayerKernel/forwardScratchBytes`` or ``LayerKernel/backwardScratchBytes``.
    var scratch: UnsafeMutableRawPointer?
    /// The constant memory: parameters, their gradients and the step's batch.
    var constants: ConstantPointers
}

/// Where the constant memory's regions start in the arena.
struct ConstantPointers {
    var parameters: UnsafeMutablePointer<Float>
    var gradients: UnsafeMutablePointer<Float>
    var base: UnsafeMutableRawPointer
}

/// A block of parameters in the constant memory: `count` floats from `offset`
/// (in floats from the start of the parameters, and of their gradients).
struct ParameterBlock: Hashable, Sendable {
    var offset: Int
    var count: Int

    func values(_ constants: ConstantPointers) -> UnsafeMutablePointer<Float> { constants.parameters + offset }
    func gradients(_ constants: ConstantPointers) -> UnsafeMutablePointer<Float> { constants.gradients + offset }
}
