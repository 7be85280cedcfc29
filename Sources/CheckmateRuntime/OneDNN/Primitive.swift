import CDNNL

/// A oneDNN primitive with its execution arguments, run on memory the
/// runtime's arena owns.
///
/// Every primitive is created with a user-managed scratchpad
/// (`dnnl_scratchpad_mode_user`): oneDNN allocates nothing while it runs, and
/// ``scratchpadBytes`` is the scratch memory the caller passes to ``run(_:scratchpad:)``.
///
///     let primitive = try Primitive(engine, arguments: [DNNL_ARG_SRC, DNNL_ARG_DST]) { pd, attr in
///         dnnl_primitive_desc_create(&pd, &descriptor, attr, engine.engine, nil)
///     }
///     primitive.run([source, destination], scratchpad: scratch)
final class Primitive {
    /// The primitive descriptor, for queries.
    let descriptor: dnnl_primitive_desc_t
    private let primitive: dnnl_primitive_t
    private let engine: ComputeEngine
    /// One memory object per argument, created once; `run` points them at the data.
    private let memories: [dnnl_memory_t]
    private let arguments: [dnnl_exec_arg_t]
    /// Bytes of scratch space a run needs.
    let scratchpadBytes: Int

    /// Creates the primitive descriptor with `create`, which receives the
    /// attributes to use, and the primitive; `arguments` are the execution
    /// argument indices (`DNNL_ARG_SRC`, ...) in the order ``run(_:scratchpad:)`` takes their data.
    init(_ engine: ComputeEngine, arguments: [Int32],
         create: (inout dnnl_primitive_desc_t?, const_dnnl_primitive_attr_t?) -> dnnl_status_t) throws(DNNLError) {
        var attributes: dnnl_primitive_attr_t?
        try check(dnnl_primitive_attr_create(&attributes), "dnnl_primitive_attr_create")
        defer { dnnl_primitive_attr_destroy(attributes) }
        try check(dnnl_primitive_attr_set_scratchpad_mode(attributes, dnnl_scratchpad_mode_user),
                  "dnnl_primitive_attr_set_scratchpad_mode")
        var descriptor: dnnl_primitive_desc_t?
        try check(create(&descriptor, attributes), "dnnl_primitive_desc_create")
        var primitive: dnnl_primitive_t?
        var memories: [dnnl_memory_t] = []
        do {
            try check(dnnl_primitive_create(&primitive, descriptor), "dnnl_primitive_create")
            let scratchpad = dnnl_primitive_desc_query_md(descriptor, dnnl_query_scratchpad_md, 0)!.pointee
            let all = arguments + (scratchpad.byteCount > 0 ? [DNNL_ARG_SCRATCHPAD] : [])
            for argument in all {
                var md = dnnl_primitive_desc_query_md(descriptor, dnnl_query_exec_arg_md, argument)!.pointee
                var memory: dnnl_memory_t?
                try check(dnnl_memory_create(&memory, &md, engine.engine, nil), "dnnl_memory_create")
                memories.append(memory!)
            }
            self.scratchpadBytes = scratchpad.byteCount
            self.arguments = zip(all, memories).map { dnnl_exec_arg_t(arg: $0, memory: $1) }
        } catch {
            for memory in memories { dnnl_memory_destroy(memory) }
            if let primitive { dnnl_primitive_destroy(primitive) }
            dnnl_primitive_desc_destroy(descriptor)
            throw error
        }
        self.descriptor = descriptor!
        self.primitive = primitive!
        self.memories = memories
        self.engine = engine
    }

    deinit {
        for memory in memories { dnnl_memory_destroy(memory) }
        dnnl_primitive_destroy(primitive)
        dnnl_primitive_desc_destroy(descriptor)
    }

    /// The implementation oneDNN chose, such as `jit:avx512_core` (`ref:any` is the slow reference).
    var implementation: String {
        var name: UnsafePointer<CChar>?
        _ = dnnl_primitive_desc_query(descriptor, dnnl_query_impl_info_str, 0, &name)
        return name.map { String(cString: $0) } ?? "unknown"
    }

    /// The layout the primitive uses for argument `argument` (`DNNL_ARG_WEIGHTS`, ...).
    func layout(of argument: Int32) -> dnnl_memory_desc_t {
        dnnl_primitive_desc_query_md(descriptor, dnnl_query_exec_arg_md, argument)!.pointee
    }

    /// Runs the primitive on `data` (one pointer per argument, in the order
    /// given at creation) and waits for it to finish.
    func run(_ data: [UnsafeMutableRawPointer], scratchpad: UnsafeMutableRawPointer?) {
        precondition(data.count + (scratchpadBytes > 0 ? 1 : 0) == memories.count, "wrong number of arguments")
        for (memory, pointer) in zip(memories, data + (scratchpadBytes > 0 ? [scratchpad!] : [])) {
            dnnl_memory_set_data_handle(memory, pointer)
        }
        let status = arguments.withUnsafeBufferPointer {
            dnnl_primitive_execute(primitive, engine.stream, Int32($0.count), $0.baseAddress)
        }
        precondition(status == dnnl_success, "oneDNN could not run \(implementation): status \(status.rawValue)")
        dnnl_stream_wait(engine.stream)
    }
}

extension Primitive {
    /// A reorder (layout change) from `source` to `destination` layouts.
    convenience init(_ engine: ComputeEngine, reorderFrom source: dnnl_memory_desc_t,
                     to destination: dnnl_memory_desc_t) throws(DNNLError) {
        var (source, destination) = (source, destination)
        try self.init(engine, arguments: [DNNL_ARG_FROM, DNNL_ARG_TO]) { pd, attributes in
            dnnl_reorder_primitive_desc_create(&pd, &source, engine.engine, &destination, engine.engine, attributes)
        }
    }
}
