import CDNNL

/// A primitive that reads or writes a layer's weights, with the reorder between
/// the layout the weights are stored in and the primitive's own when they differ.
///
/// The primitive is first made for the stored layout; when oneDNN has only its
/// slow reference implementation for it, it is made for the layout oneDNN
/// prefers, and the weights pass through a copy in the scratch space: reordered
/// into it before a run that reads them, out of it after one that writes them.
struct WeightedPrimitive {
    let primitive: Primitive
    private let reorder: Primitive?
    private let copyBytes: Int
    private let writesWeights: Bool

    /// - Parameter argument: `DNNL_ARG_WEIGHTS` for a primitive that reads them, `DNNL_ARG_DIFF_WEIGHTS` for one that writes them.
    init(_ engine: ComputeEngine, storage: dnnl_memory_desc_t, argument: Int32,
         make: (dnnl_memory_desc_t) throws(DNNLError) -> Primitive) throws(DNNLError) {
        writesWeights = argument == DNNL_ARG_DIFF_WEIGHTS
        let stored = try make(storage)
        if stored.isReference, case let preferred = try make(.any(storage.dimensionList)), !preferred.isReference {
            let layout = preferred.layout(of: argument)
            primitive = preferred
            reorder = writesWeights ? try Primitive(engine, reorderFrom: layout, to: storage)
                : try Primitive(engine, reorderFrom: storage, to: layout)
            copyBytes = ArenaPlan.aligned(layout.byteCount)
        } else {
            primitive = stored
            reorder = nil
            copyBytes = 0
        }
    }

    /// Scratch bytes a run needs: the copy, then the larger scratchpad.
    var scratchBytes: Int {
        guard let reorder else { return primitive.scratchpadBytes }
        return copyBytes + max(reorder.scratchpadBytes, primitive.scratchpadBytes)
    }

    /// Runs the primitive on `arguments(w)`, where `w` is the weights as the primitive reads or writes them.
    func run(weights: UnsafeMutableRawPointer, scratch: UnsafeMutableRawPointer?,
             arguments: (UnsafeMutableRawPointer) -> [UnsafeMutableRawPointer]) {
        guard let reorder, let scratch else {
            primitive.run(arguments(weights), scratchpad: scratch)
            return
        }
        let pad = scratch + copyBytes
        if writesWeights {
            primitive.run(arguments(scratch), scratchpad: pad)
            reorder.run([scratch, weights], scratchpad: pad)
        } else {
            reorder.run([weights, scratch], scratchpad: pad)
            primitive.run(arguments(scratch), scratchpad: pad)
        }
    }
}

extension Primitive {
    /// Whether oneDNN chose its reference implementation, which is correct but slow.
    var isReference: Bool { implementation.hasPrefix("ref") }
}
