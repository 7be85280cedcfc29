/// The computation of one node: it reads its inputs' buffers and the step's
/// tensors and writes the node's output.
///
/// Kernels are deterministic: the same inputs give the same output bits, so
/// a node recomputed by a schedule yields exactly what it did the first time.
public struct Kernel: Sendable {
    /// Runs the kernel. `inputs` are the buffers of the node's `inputs`, in
    /// that order; `output` holds ``outputCount`` floats, to be overwritten.
    public typealias Body = @Sendable (
        _ inputs: [UnsafeBufferPointer<Float>], _ output: UnsafeMutableBufferPointer<Float>, _ tensors: inout StepTensors
    ) -> Void

    /// The floats of the node's output: its `memory` is this many times 4 bytes.
    public let outputCount: Int
    let body: Body

    public init(outputCount: Int, body: @escaping Body) {
        self.outputCount = outputCount
        self.body = body
    }

    /// The bytes of the output, `m_v`.
    public var outputBytes: Int { outputCount * MemoryLayout<Float>.stride }
}
