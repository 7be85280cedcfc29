import CDNNL

/// oneDNN's fixed-size dimension arrays, from Swift arrays.
func dimensions(_ values: [Int]) -> [dnnl_dim_t] {
    values.map { dnnl_dim_t($0) } + Array(repeating: 0, count: Int(DNNL_MAX_NDIMS) - values.count)
}

extension dnnl_memory_desc_t {
    /// A float32 tensor of logical dimensions `dims` (NCHW order for images) laid out as `tag`.
    init(_ dims: [Int], _ tag: dnnl_format_tag_t, type: dnnl_data_type_t = dnnl_f32) throws(DNNLError) {
        self.init()
        try check(dnnl_memory_desc_init_by_tag(&self, Int32(dims.count), dimensions(dims), type, tag),
                  "dnnl_memory_desc_init_by_tag")
    }

    /// The runtime's layout of an activation: channels last (NHWC) for images, plain otherwise.
    static func activation(_ dims: [Int]) throws(DNNLError) -> dnnl_memory_desc_t {
        try dnnl_memory_desc_t(dims, dims.count == 4 ? dnnl_nhwc : dims.count == 2 ? dnnl_ab : dnnl_a)
    }

    /// A descriptor that lets the primitive choose the layout.
    static func any(_ dims: [Int]) throws(DNNLError) -> dnnl_memory_desc_t {
        try dnnl_memory_desc_t(dims, dnnl_format_tag_any)
    }

    /// Bytes of a tensor in this layout, padding included.
    var byteCount: Int {
        var copy = self
        return dnnl_memory_desc_get_size(&copy)
    }
}

/// A memory descriptor kept at a stable address, for the C calls that take an optional one.
final class LayoutPointer {
    let pointer: UnsafeMutablePointer<dnnl_memory_desc_t>

    init(_ layout: dnnl_memory_desc_t) {
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: layout)
    }

    deinit {
        pointer.deallocate()
    }
}

extension dnnl_memory_desc_t {
    /// The logical dimensions.
    var dimensionList: [Int] {
        withUnsafeBytes(of: dims) { Array($0.bindMemory(to: dnnl_dim_t.self).prefix(Int(ndims))).map { Int($0) } }
    }
}
