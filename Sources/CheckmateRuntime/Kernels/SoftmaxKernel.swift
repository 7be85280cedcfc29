import CDNNL
import CheckmateModels

/// Softmax along the channels (axis 1) of rows or images, on oneDNN; its
/// gradient is computed from its output.
final class SoftmaxKernel: PrimitivePairKernel {
    let forwardPrimitive: Primitive
    let backwardPrimitive: Primitive?
    let reads = BackwardReads(output: true)

    init(_ request: KernelRequest, axis: Int) throws(ProgramError) {
        let shape = request.output
        guard shape.normalized(axis: axis) == 1, shape.rank == 2 || shape.rank == 4 else {
            throw request.unsupported("softmax runs along axis 1 of rows or images, not axis \(axis) of \(shape)")
        }
        let engine = request.engine
        (forwardPrimitive, backwardPrimitive) = try request.library { () throws(DNNLError) in
            var data = try dnnl_memory_desc_t.activation(shape.dimensions)
            var forward = dnnl_softmax_desc_t()
            try check(dnnl_softmax_forward_desc_init(&forward, dnnl_forward_training, &data, 1), "dnnl_softmax_forward_desc_init")
            let forwardPrimitive = try Primitive(engine, arguments: [DNNL_ARG_SRC, DNNL_ARG_DST]) { pd, a in
                dnnl_primitive_desc_create(&pd, &forward, a, engine.engine, nil)
            }
            guard request.hasBackward else { return (forwardPrimitive, nil) }
            var backward = dnnl_softmax_desc_t()
            try check(dnnl_softmax_backward_desc_init(&backward, &data, &data, 1), "dnnl_softmax_backward_desc_init")
            let backwardPrimitive = try Primitive(engine, arguments: [DNNL_ARG_DST, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_SRC]) { pd, a in
                dnnl_primitive_desc_create(&pd, &backward, a, engine.engine, forwardPrimitive.descriptor)
            }
            return (forwardPrimitive, backwardPrimitive)
        }
    }

    func backward(_ memory: LayerMemory) {
        backwardPrimitive!.run([memory.output!, memory.outputGradient!, memory.inputGradients[0]!], scratchpad: memory.scratch)
    }
}
