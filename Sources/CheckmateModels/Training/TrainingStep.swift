import Checkmate

/// One training step of a network: its `TrainingGraph` and how each node
/// maps to the network's layers and holds their tensors.
///
/// A node's output is one block of `memory` bytes holding one or more
/// ``Part``s at fixed offsets. A forward node holds the value of its group's
/// last layer at offset 0 (the loss node: the log-probabilities), then the
/// positions of a max pooling's maxima, then the group's inner values that
/// the backward pass reads (``TrainingPlan/innerTensorsRead(in:reads:)``'s
/// order); a mask node holds a dropout's mask; a backward node holds the
/// gradient of each distinct input value of its group's first layer that needs
/// one, in the order the layer reads them (an addition's inputs share one).
/// A runtime that executes the graph lays its buffers out by these parts.
///
///     let step = try network.trainingStep()
///     let conv = step.forwardNodes[step.plan.groupOf[network.index(named: "conv1")!]]
///     step.parts[conv]   // [value of conv1 at offset 0]
public struct TrainingStep: Sendable {
    /// A tensor inside a node's output.
    public struct Part: Hashable, Sendable {
        public enum Kind: Hashable, Sendable {
            /// The layer's value (for the loss, its log-probabilities).
            case value
            /// The positions of a max pooling's maxima.
            case indices
            /// A dropout's mask, one byte per element.
            case mask
            /// The gradient of the loss with respect to the layer's value.
            case gradient
        }

        public var kind: Kind
        /// The layer whose tensor this is (for a gradient, the layer whose value it is the gradient of).
        public var layer: Int
        /// Bytes from the start of the node's output.
        public var offset: Int
        public var bytes: Int
    }

    public let graph: TrainingGraph
    public let plan: TrainingPlan
    /// Each group's forward node.
    public let forwardNodes: [Int]
    /// Each group's backward node, if it has one.
    public let backwardNodes: [Int?]
    /// Each group's dropout mask node, if it has one.
    public let maskNodes: [Int?]
    /// The parts of each node's output, by node index.
    public let parts: [[Part]]

    /// The node holding layer `i`'s value, or nil for an input (in constant memory).
    public func valueNode(_ i: Int) -> Int? {
        plan.groupOf[i] >= 0 ? forwardNodes[plan.groupOf[i]] : nil
    }

    /// The part of `node`'s output of `kind` for layer `layer`.
    public func part(_ kind: Part.Kind, of layer: Int, in node: Int) -> Part? {
        parts[node].first { $0.kind == kind && $0.layer == layer }
    }
}
