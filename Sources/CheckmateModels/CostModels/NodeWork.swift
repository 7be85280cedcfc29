/// What one node of a training graph does: arithmetic and memory traffic.
///
/// A ``CostModel`` turns it into the node's cost.
public struct NodeWork: Hashable, Sendable {
    /// Floating-point operations (a multiply-add counts 2).
    public var flops: Double
    /// Bytes read and written: input and output tensors, parameters and their gradients.
    public var bytesMoved: Double

    public init(flops: Double, bytesMoved: Double) {
        self.flops = flops
        self.bytesMoved = bytesMoved
    }
}
