/// Floating-point operation counts of a layer's forward and backward computation.
///
/// Conventions: a multiply-add counts 2 FLOPs. Convolutions, dense layers and
/// products of activations count `2 x MACs` forward, plus one add per output
/// element for a bias; backward, each gradient they compute (the parameters',
/// and each input's that needs one) costs as much as the forward product, and
/// a bias gradient one add per output element. Every other operation counts a
/// few FLOPs per element (listed in ``forwardFLOPs(inputs:output:)``) and its
/// backward as many as its forward. Data movement (concatenation, padding,
/// copies, upsampling, embeddings) counts one per output element, so no node is free.
extension Operation {
    /// FLOPs of the forward computation for inputs of `inputs` giving `output`.
    ///
    /// Per element of the output unless noted: ReLU, leaky ReLU, clip, binary
    /// ops and unknown elementwise functions 1; dropout 2; sigmoid, tanh, GELU
    /// 4; batch, layer and instance normalization, softmax and the loss 5 (per
    /// input element); LRN `2 size + 3`; pooling the window's size; global
    /// pooling and reductions 1 per input element; bilinear upsampling 4.
    public func forwardFLOPs(inputs: [TensorShape], output: TensorShape) -> Double {
        let out = Double(output.elementCount)
        let firstInput = Double(inputs.first?.elementCount ?? 0)
        switch self {
        case .input, .view:
            return 0
        case .convolution(let c), .transposedConvolution(let c):
            return 2 * multiplyAdds(inputs: inputs, output: output) + (c.bias ? out : 0)
        case .dense(_, let bias):
            return 2 * multiplyAdds(inputs: inputs, output: output) + (bias ? out : 0)
        case .matrixMultiplication:
            return 2 * multiplyAdds(inputs: inputs, output: output)
        case .batchNormalization, .layerNormalization, .instanceNormalization, .softmax, .softmaxCrossEntropy:
            return 5 * firstInput
        case .localResponseNormalization(let size):
            return Double(2 * size + 3) * out
        case .activation(let function):
            switch function {
            case .relu, .leakyRelu, .clip: return out
            case .sigmoid, .tanh, .gelu: return 4 * out
            }
        case .elementwise, .binary:
            return out
        case .dropout:
            return 2 * out
        case .pooling(let p):
            return Double(p.kernel.reduce(1, *)) * out
        case .globalPooling, .reduceMean:
            return firstInput
        case .upsampling(_, let mode):
            return mode == .bilinear ? 4 * out : out
        case .maxUnpooling, .embedding, .concatenation, .pad, .slice, .copy:
            return out
        }
    }

    /// FLOPs of the backward computation: the gradients of the parameters and of
    /// the inputs that need one.
    public func backwardFLOPs(
        inputs: [TensorShape], output: TensorShape, inputsNeedingGradient: [Bool], hasParameters: Bool
    ) -> Double {
        let product = 2 * multiplyAdds(inputs: inputs, output: output)
        let out = Double(output.elementCount)
        let needsInput = inputsNeedingGradient.first ?? false
        switch self {
        case .convolution(let c), .transposedConvolution(let c):
            return (hasParameters ? product + (c.bias ? out : 0) : 0) + (needsInput ? product : 0)
        case .dense(_, let bias):
            return (hasParameters ? product + (bias ? out : 0) : 0) + (needsInput ? product : 0)
        case .matrixMultiplication:
            return Double(inputsNeedingGradient.filter { $0 }.count) * product
        default:
            return forwardFLOPs(inputs: inputs, output: output)
        }
    }

    /// Multiply-adds of a convolution, dense layer or matrix product; 0 for other operations.
    public func multiplyAdds(inputs: [TensorShape], output: TensorShape) -> Double {
        guard let x = inputs.first else { return 0 }
        switch self {
        case .convolution(let c):
            guard x.rank > 1 else { return 0 }
            return Double(output.elementCount) * Double(x[1] / max(c.groups, 1)) * Double(c.kernel.reduce(1, *))
        case .transposedConvolution(let c):
            return Double(x.elementCount) * Double(c.filters / max(c.groups, 1)) * Double(c.kernel.reduce(1, *))
        case .dense(let units, _):
            return Double(x.elementCount) * Double(units)
        case .matrixMultiplication(let transposeA, _):
            guard x.rank >= 2 else { return 0 }
            let inner = transposeA ? x[x.rank - 2] : x[x.rank - 1]
            return Double(output.elementCount) * Double(inner)
        default:
            return 0
        }
    }
}
