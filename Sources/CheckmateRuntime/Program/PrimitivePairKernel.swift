/// A layer kernel made of one oneDNN forward primitive and, when the layer
/// trains, one backward primitive: their scratch space is the kernel's, and a
/// forward of one input into the output is the default.
protocol PrimitivePairKernel: LayerKernel {
    var forwardPrimitive: Primitive { get }
    /// Nil for a layer without a backward pass.
    var backwardPrimitive: Primitive? { get }
}

extension PrimitivePairKernel {
    var forwardScratchBytes: Int { forwardPrimitive.scratchpadBytes }
    var backwardScratchBytes: Int { backwardPrimitive?.scratchpadBytes ?? 0 }

    func forward(_ memory: LayerMemory) {
        forwardPrimitive.run([memory.inputs[0]!, memory.output!], scratchpad: memory.scratch)
    }
}
