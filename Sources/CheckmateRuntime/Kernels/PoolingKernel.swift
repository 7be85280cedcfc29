import CDNNL
import CheckmateModels

/// Max or average pooling over a window or the whole image, on oneDNN.
///
/// A max pooling with a backward pass runs in training mode: oneDNN writes
/// the positions of the maxima to its workspace (one byte per output element
/// for windows of fewer than 256 positions), which is the node's `indices`
/// part, and the backward pass reads only that. Average pooling excludes the
/// padding from its count.
final class PoolingKernel: PrimitivePairKernel {
    let forwardPrimitive: Primitive
    let backwardPrimitive: Primitive?
    private let keepsIndices: Bool
    let reads: BackwardReads

    /// - Parameter indexBytes: the bytes the graph keeps for the maxima's positions, or nil.
    init(_ request: KernelRequest, indexBytes: Int?) throws(ProgramError) {
        let x = try request.image(request.inputShapes[0]), y = try request.image(request.output)
        let pooling: Operation.Pooling
        switch request.layer.operation {
        case .pooling(let p): pooling = p
        case .globalPooling(let kind): pooling = Operation.Pooling(kind, kernel: Array(x[2...]), stride: [1, 1],
                                                                  paddingBefore: [0, 0], paddingAfter: [0, 0])
        default: preconditionFailure("not a pooling")
        }
        guard pooling.kernel.count == 2 else { throw request.unsupported("only 2-D pooling runs") }
        let isMax = pooling.kind == .max
        reads = isMax ? BackwardReads(indices: true) : .nothing
        keepsIndices = isMax && request.hasBackward
        let paddingAfter = (0..<2).map { (i: Int) -> Int in
            (y[2 + i] - 1) * pooling.stride[i] + pooling.kernel[i] - x[2 + i] - pooling.paddingBefore[i]
        }
        let algorithm = isMax ? dnnl_pooling_max : dnnl_pooling_avg_exclude_padding
        let engine = request.engine
        let training = keepsIndices
        (forwardPrimitive, backwardPrimitive) = try request.library { () throws(DNNLError) in
            var source = try dnnl_memory_desc_t.activation(x), destination = try dnnl_memory_desc_t.activation(y)
            var forward = dnnl_pooling_desc_t()
            try check(dnnl_pooling_forward_desc_init(
                &forward, training ? dnnl_forward_training : dnnl_forward_inference, algorithm, &source, &destination,
                dimensions(pooling.stride), dimensions(pooling.kernel), dimensions(pooling.paddingBefore),
                dimensions(paddingAfter)), "dnnl_pooling_forward_desc_init")
            let forwardPrimitive = try Primitive(
                engine, arguments: [DNNL_ARG_SRC, DNNL_ARG_DST] + (training ? [DNNL_ARG_WORKSPACE] : [])) { pd, a in
                dnnl_primitive_desc_create(&pd, &forward, a, engine.engine, nil)
            }
            guard request.hasBackward else { return (forwardPrimitive, nil) }
            var backward = dnnl_pooling_desc_t()
            try check(dnnl_pooling_backward_desc_init(
                &backward, algorithm, &source, &destination, dimensions(pooling.stride), dimensions(pooling.kernel),
                dimensions(pooling.paddingBefore), dimensions(paddingAfter)), "dnnl_pooling_backward_desc_init")
            let backwardPrimitive = try Primitive(
                engine, arguments: [DNNL_ARG_DIFF_DST] + (training ? [DNNL_ARG_WORKSPACE] : []) + [DNNL_ARG_DIFF_SRC]) { pd, a in
                dnnl_primitive_desc_create(&pd, &backward, a, engine.engine, forwardPrimitive.descriptor)
            }
            return (forwardPrimitive, backwardPrimitive)
        }
        if keepsIndices {
            let workspace = forwardPrimitive.layout(of: DNNL_ARG_WORKSPACE).byteCount
            guard workspace == indexBytes else {
                throw .rulesDisagree(layer: request.layer.name, reason: "oneDNN keeps \(workspace) bytes of maxima's "
                    + "positions, the graph \(indexBytes.map(String.init) ?? "none")")
            }
        }
    }

    func forward(_ memory: LayerMemory) {
        forwardPrimitive.run([memory.inputs[0]!, memory.output!] + (keepsIndices ? [memory.indices!] : []),
                             scratchpad: memory.scratch)
    }

    func backward(_ memory: LayerMemory) {
        guard let gradient = memory.inputGradients[0] else { return }
        backwardPrimitive!.run([memory.outputGradient!] + (keepsIndices ? [memory.indices!] : []) + [gradient],
                               scratchpad: memory.scratch)
    }
}
