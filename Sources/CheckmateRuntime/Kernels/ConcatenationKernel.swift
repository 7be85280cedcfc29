import CDNNL
import CheckmateModels

/// Concatenation along the channels, on oneDNN; its backward pass copies
/// each input's slice of the gradient out with a reorder.
final class ConcatenationKernel: LayerKernel {
    private let primitive: Primitive
    /// For each input position, the reorder of its slice of the output's gradient.
    private let slices: [Primitive]
    let reads = BackwardReads.nothing

    init(_ request: KernelRequest, axis: Int) throws(ProgramError) {
        let shapes = request.inputShapes.map(\.dimensions)
        guard request.output.normalized(axis: axis) == 1, request.output.rank == 4 || request.output.rank == 2 else {
            throw request.unsupported("concatenation runs along the channels of images or rows")
        }
        guard Set(request.layer.inputs).count == request.layer.inputs.count else {
            throw request.unsupported("concatenation of a tensor with itself")
        }
        let engine = request.engine
        let output = request.output.dimensions
        (primitive, slices) = try request.library { () throws(DNNLError) in
            var sources = try shapes.map { (s: [Int]) throws(DNNLError) in try dnnl_memory_desc_t.activation(s) }
            var destination = try dnnl_memory_desc_t.activation(output)
            let primitive = try Primitive(engine, arguments: sources.indices.map { DNNL_ARG_MULTIPLE_SRC + Int32($0) } + [DNNL_ARG_DST]) { pd, a in
                dnnl_concat_primitive_desc_create(&pd, &destination, Int32(sources.count), 1, &sources, a, engine.engine)
            }
            var slices: [Primitive] = []
            var offset = 0
            for (shape, source) in zip(shapes, sources) {
                var slice = dnnl_memory_desc_t()
                var offsets = Array(repeating: 0, count: shape.count)
                offsets[1] = offset
                try check(dnnl_memory_desc_init_submemory(&slice, &destination, dimensions(shape), dimensions(offsets)),
                          "dnnl_memory_desc_init_submemory")
                slices.append(try Primitive(engine, reorderFrom: slice, to: source))
                offset += shape[1]
            }
            return (primitive, slices)
        }
    }

    var forwardScratchBytes: Int { primitive.scratchpadBytes }
    var backwardScratchBytes: Int { slices.map(\.scratchpadBytes).max() ?? 0 }

    func forward(_ memory: LayerMemory) {
        primitive.run(memory.inputs.map { $0! } + [memory.output!], scratchpad: memory.scratch)
    }

    func backward(_ memory: LayerMemory) {
        for (slice, gradient) in zip(slices, memory.inputGradients) {
            guard let gradient else { continue }
            slice.run([memory.outputGradient!, gradient], scratchpad: memory.scratch)
        }
    }
}
