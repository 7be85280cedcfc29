/// The forward tensors a layer's backward node reads besides the gradient of its output.
///
/// These are the tensors a framework saves for the backward pass (PyTorch's
/// `save_for_backward`); whatever is not listed may be freed after the
/// forward pass. Parameters are in `constantMemory` and never listed.
public struct BackwardReads: Hashable, Sendable {
    /// Positions in the layer's `inputs` whose forward values the backward node reads.
    public var inputs: [Int]
    /// Whether it reads the layer's own output.
    public var output: Bool
    /// Whether it reads the dropout mask.
    public var mask: Bool

    public init(inputs: [Int] = [], output: Bool = false, mask: Bool = false) {
        self.inputs = inputs
        self.output = output
        self.mask = mask
    }

    /// Reads nothing: the gradient follows from the output's gradient alone.
    public static let nothing = BackwardReads()
}

extension Operation {
    /// What the backward node of a layer with this operation reads.
    ///
    /// - Parameters:
    ///   - inputsNeedingGradient: for each input position, whether a gradient must flow into it.
    ///   - hasParameters: whether the layer has trainable parameters (their
    ///     gradient reads the layer's input for convolutions, dense layers and embeddings).
    ///
    /// The rules: a convolution or dense layer's weight gradient reads its
    /// input (its input gradient reads only weights); a product of two
    /// activations reads each operand whose partner needs a gradient; ReLU,
    /// sigmoid, tanh and softmax read their output; leaky ReLU, clip, GELU and
    /// other elementwise functions read their input; normalizations read their
    /// input (the saved statistics are small and not counted), LRN its input
    /// and output; max pooling its input and output; dropout its mask; max
    /// unpooling the pooling's indices; the loss its own output (the
    /// log-probabilities). Addition, subtraction, concatenation, average
    /// pooling, upsampling, padding, slicing, copies and reductions read nothing.
    public func backwardReads(inputsNeedingGradient: [Bool], hasParameters: Bool) -> BackwardReads {
        let needs = { (position: Int) in position < inputsNeedingGradient.count && inputsNeedingGradient[position] }
        switch self {
        case .input, .view:
            return .nothing
        case .convolution, .transposedConvolution, .dense, .embedding:
            return hasParameters ? BackwardReads(inputs: [0]) : .nothing
        case .matrixMultiplication:
            return BackwardReads(inputs: [needs(1) ? 0 : nil, needs(0) ? 1 : nil].compactMap { $0 })
        case .batchNormalization, .layerNormalization, .instanceNormalization, .elementwise:
            return BackwardReads(inputs: [0])
        case .localResponseNormalization:
            return BackwardReads(inputs: [0], output: true)
        case .activation(let function):
            switch function {
            case .relu, .sigmoid, .tanh: return BackwardReads(output: true)
            case .leakyRelu, .clip, .gelu: return BackwardReads(inputs: [0])
            }
        case .softmax:
            return BackwardReads(output: true)
        case .binary(let op):
            switch op {
            case .add, .subtract:
                return .nothing
            case .multiply:
                guard inputsNeedingGradient.count == 2 else { return .nothing }
                return BackwardReads(inputs: [needs(1) ? 0 : nil, needs(0) ? 1 : nil].compactMap { $0 })
            case .divide:
                // a / b: da = g / b, db = -g a / b^2.
                guard inputsNeedingGradient.count == 2 else { return BackwardReads(inputs: [0]) }
                return BackwardReads(inputs: needs(1) ? [0, 1] : [1])
            }
        case .dropout:
            return BackwardReads(mask: true)
        case .pooling(let p):
            return p.kind == .max ? BackwardReads(inputs: [0], output: true) : .nothing
        case .globalPooling(let kind):
            return kind == .max ? BackwardReads(inputs: [0], output: true) : .nothing
        case .maxUnpooling:
            return BackwardReads(inputs: [1])
        case .upsampling, .reduceMean, .concatenation, .pad, .slice, .copy:
            return .nothing
        case .softmaxCrossEntropy:
            return BackwardReads(output: true)
        }
    }
}
