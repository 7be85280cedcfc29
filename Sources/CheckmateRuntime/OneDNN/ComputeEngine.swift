import CDNNL

/// oneDNN's CPU engine and a stream on it: where primitives are created and run.
///
/// Primitives run in order on the stream, each with the threads oneDNN's
/// OpenMP runtime gives it; results depend on the thread count, not on the
/// run, so a kernel run twice on the same inputs writes the same bits.
final class ComputeEngine {
    let engine: dnnl_engine_t
    let stream: dnnl_stream_t

    init() throws(DNNLError) {
        var engine: dnnl_engine_t?
        try check(dnnl_engine_create(&engine, dnnl_cpu, 0), "dnnl_engine_create")
        var stream: dnnl_stream_t?
        do {
            try check(dnnl_stream_create(&stream, engine, dnnl_stream_default_flags.rawValue), "dnnl_stream_create")
        } catch {
            dnnl_engine_destroy(engine)
            throw error
        }
        self.engine = engine!
        self.stream = stream!
    }

    deinit {
        dnnl_stream_destroy(stream)
        dnnl_engine_destroy(engine)
    }
}
