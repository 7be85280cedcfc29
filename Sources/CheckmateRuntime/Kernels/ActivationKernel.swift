import CDNNL
import CheckmateModels

/// An elementwise activation on oneDNN's eltwise primitive, in place or not.
///
/// ReLU, leaky ReLU with a positive slope, clip, sigmoid and tanh compute
/// their gradient from their output (oneDNN's `_use_dst_for_bwd`
/// algorithms); other leaky ReLUs and GELU (erf) from their input.
final class ActivationKernel: PrimitivePairKernel {
    let forwardPrimitive: Primitive
    let backwardPrimitive: Primitive?
    let reads: BackwardReads

    init(_ request: KernelRequest, function: Operation.Activation) throws(ProgramError) {
        let (algorithm, alpha, beta, usesOutput): (dnnl_alg_kind_t, Double, Double, Bool)
        switch function {
        case .relu: (algorithm, alpha, beta, usesOutput) = (dnnl_eltwise_relu_use_dst_for_bwd, 0, 0, true)
        case .leakyRelu(let slope) where slope > 0: (algorithm, alpha, beta, usesOutput) = (dnnl_eltwise_relu_use_dst_for_bwd, slope, 0, true)
        case .leakyRelu(let slope): (algorithm, alpha, beta, usesOutput) = (dnnl_eltwise_relu, slope, 0, false)
        case .clip(let low, let high): (algorithm, alpha, beta, usesOutput) = (dnnl_eltwise_clip_v2_use_dst_for_bwd, low, high, true)
        case .sigmoid: (algorithm, alpha, beta, usesOutput) = (dnnl_eltwise_logistic_use_dst_for_bwd, 0, 0, true)
        case .tanh: (algorithm, alpha, beta, usesOutput) = (dnnl_eltwise_tanh_use_dst_for_bwd, 0, 0, true)
        case .gelu: (algorithm, alpha, beta, usesOutput) = (dnnl_eltwise_gelu_erf, 0, 0, false)
        }
        reads = usesOutput ? BackwardReads(output: true) : BackwardReads(inputs: [0])
        let engine = request.engine
        let dims = request.output.dimensions
        (forwardPrimitive, backwardPrimitive) = try request.library { () throws(DNNLError) in
            var data = try dnnl_memory_desc_t.activation(dims)
            var forward = dnnl_eltwise_desc_t()
            try check(dnnl_eltwise_forward_desc_init(&forward, dnnl_forward_training, algorithm, &data, Float(alpha), Float(beta)),
                      "dnnl_eltwise_forward_desc_init")
            let forwardPrimitive = try Primitive(engine, arguments: [DNNL_ARG_SRC, DNNL_ARG_DST]) { pd, a in
                dnnl_primitive_desc_create(&pd, &forward, a, engine.engine, nil)
            }
            guard request.hasBackward else { return (forwardPrimitive, nil) }
            var backward = dnnl_eltwise_desc_t()
            try check(dnnl_eltwise_backward_desc_init(&backward, algorithm, &data, &data, Float(alpha), Float(beta)),
                      "dnnl_eltwise_backward_desc_init")
            let read = usesOutput ? DNNL_ARG_DST : DNNL_ARG_SRC
            let backwardPrimitive = try Primitive(engine, arguments: [read, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_SRC]) { pd, a in
                dnnl_primitive_desc_create(&pd, &backward, a, engine.engine, forwardPrimitive.descriptor)
            }
            return (forwardPrimitive, backwardPrimitive)
        }
    }

    func backward(_ memory: LayerMemory) {
        let read = reads.output ? memory.output! : memory.inputs[0]!
        backwardPrimitive!.run([read, memory.outputGradient!, memory.inputGradients[0]!], scratchpad: memory.scratch)
    }
}
