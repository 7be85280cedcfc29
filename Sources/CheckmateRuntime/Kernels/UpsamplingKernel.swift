import CDNNL
import CheckmateModels

/// Nearest or bilinear upsampling by whole factors, on oneDNN's resampling primitive.
final class UpsamplingKernel: PrimitivePairKernel {
    let forwardPrimitive: Primitive
    let backwardPrimitive: Primitive?
    let reads = BackwardReads.nothing

    init(_ request: KernelRequest, mode: Operation.UpsamplingMode) throws(ProgramError) {
        let x = try request.image(request.inputShapes[0]), y = try request.image(request.output)
        let algorithm = mode == .nearest ? dnnl_resampling_nearest : dnnl_resampling_linear
        let engine = request.engine
        (forwardPrimitive, backwardPrimitive) = try request.library { () throws(DNNLError) in
            var source = try dnnl_memory_desc_t.activation(x), destination = try dnnl_memory_desc_t.activation(y)
            var forward = dnnl_resampling_desc_t()
            try check(dnnl_resampling_forward_desc_init(&forward, dnnl_forward_training, algorithm, nil, &source, &destination),
                      "dnnl_resampling_forward_desc_init")
            let forwardPrimitive = try Primitive(engine, arguments: [DNNL_ARG_SRC, DNNL_ARG_DST]) { pd, a in
                dnnl_primitive_desc_create(&pd, &forward, a, engine.engine, nil)
            }
            guard request.hasBackward else { return (forwardPrimitive, nil) }
            var backward = dnnl_resampling_desc_t()
            try check(dnnl_resampling_backward_desc_init(&backward, algorithm, nil, &source, &destination),
                      "dnnl_resampling_backward_desc_init")
            let backwardPrimitive = try Primitive(engine, arguments: [DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_SRC]) { pd, a in
                dnnl_primitive_desc_create(&pd, &backward, a, engine.engine, forwardPrimitive.descriptor)
            }
            return (forwardPrimitive, backwardPrimitive)
        }
    }

    func backward(_ memory: LayerMemory) {
        guard let gradient = memory.inputGradients[0] else { return }
        backwardPrimitive!.run([memory.outputGradient!, gradient], scratchpad: memory.scratch)
    }
}
