import CDNNL
import CheckmateModels
import Foundation

/// The sum of two tensors of one shape, on oneDNN's binary primitive. Its
/// gradient is the output's, one tensor both inputs share.
final class AdditionKernel: LayerKernel {
    private let primitive: Primitive
    private let bytes: Int
    let reads = BackwardReads.nothing
    let backwardScratchBytes = 0

    init(_ request: KernelRequest) throws(ProgramError) {
        let shapes = request.inputShapes
        guard shapes.count == 2, shapes[0] == shapes[1] else {
            throw request.unsupported("addition runs on two inputs of one shape, not \(shapes)")
        }
        let dims = request.output.dimensions
        bytes = request.output.elementCount * 4
        let engine = request.engine
        primitive = try request.library { () throws(DNNLError) in
            var data = try dnnl_memory_desc_t.activation(dims)
            var descriptor = dnnl_binary_desc_t()
            try check(dnnl_binary_desc_init(&descriptor, dnnl_binary_add, &data, &data, &data), "dnnl_binary_desc_init")
            return try Primitive(engine, arguments: [DNNL_ARG_SRC_0, DNNL_ARG_SRC_1, DNNL_ARG_DST]) { pd, a in
                dnnl_primitive_desc_create(&pd, &descriptor, a, engine.engine, nil)
            }
        }
    }

    var forwardScratchBytes: Int { primitive.scratchpadBytes }

    func forward(_ memory: LayerMemory) {
        primitive.run([memory.inputs[0]!, memory.inputs[1]!, memory.output!], scratchpad: memory.scratch)
    }

    func backward(_ memory: LayerMemory) {
        guard let shared = memory.inputGradients.compactMap({ $0 }).first, shared != memory.outputGradient! else { return }
        shared.copyMemory(from: memory.outputGradient!, byteCount: bytes)
    }
}
