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
    /// Whether it reads the positions of the maxima that a max pooling keeps with its output.
    public var indices: Bool

    public init(inputs: [Int] = [], output: Bool = false, mask: Bool = false, indices: Bool = false) {
        self.inputs = inputs
        self.output = output
        self.mask = mask
        self.indices = indices
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
    /// leaky ReLU with a positive slope, clip, sigmoid, tanh and softmax read
    /// their output (each is monotonic, so the output says where the input
    /// lay); other leaky ReLUs, GELU and other elementwise functions read their
    /// input; normalizations read their input (their backward node recomputes
    /// the mean and variance from it), LRN its input and output; max pooling
    /// the positions of its maxima, which it keeps with its output (see
    /// ``Operation/maximumIndexBytes(input:)``); dropout its mask; max
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
            case .relu, .clip, .sigmoid, .tanh: return BackwardReads(output: true)
            case .leakyRelu(let alpha): return alpha > 0 ? BackwardReads(output: true) : BackwardReads(inputs: [0])
            case .gelu: return BackwardReads(inputs: [0])
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
            return p.kind == .max ? BackwardReads(indices: true) : .nothing
        case .globalPooling(let kind):
            return kind == .max ? BackwardReads(indices: true) : .nothing
        case .maxUnpooling:
            return BackwardReads(inputs: [1])
        case .upsampling, .reduceMean, .concatenation, .pad, .slice, .copy:
            return .nothing
        case .softmaxCrossEntropy:
            return BackwardReads(output: true)
        }
    }
}

extension Operation {
    /// Bytes a max pooling keeps per output element for the position of its
    /// maximum within the window: one while the window has fewer than 256
    /// positions, else four (oneDNN's workspace; PyTorch keeps a 64-bit index
    /// into the whole input). Nil for any other operation.
    public func maximumIndexBytes(input: TensorShape) -> Int? {
        let positions: Int
        switch self {
        case .pooling(let p) where p.kind == .max: positions = p.kernel.reduce(1, *)
        case .globalPooling(.max): positions = input.spatial.reduce(1, *)
        default: return nil
        }
        return positions < 256 ? 1 : 4
    }

    /// Whether this is a windowed or global max pooling.
    public var isMaxPooling: Bool {
        switch self {
        case .pooling(let p): p.kind == .max
        case .globalPooling(let kind): kind == .max
        default: false
        }
    }
}
