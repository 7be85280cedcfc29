/// One operation of a training step: a forward op, the loss, or a backward op.
///
/// A node produces one tensor, its output, of `memory` bytes, and takes `cost`
/// (in the graph's cost unit) to compute once. While it runs it also holds
/// `workspace` scratch bytes. `inputs` are indices into the owning
/// ``TrainingGraph``'s `nodes`, always smaller than the node's own index.
public struct Node: Hashable, Sendable {
    /// Whether a node belongs to the forward pass, is the loss, or to the backward pass.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        case forward, loss, backward
    }

    /// The node's identifier in graph and schedule files.
    public var id: Int
    public var name: String
    public var kind: Kind
    /// `c_v`: the time to compute the node once.
    public var cost: Double
    /// `m_v`: bytes of the node's output.
    public var memory: Int
    /// `w_v`: scratch bytes held only while the node runs.
    public var workspace: Int
    /// Indices of the nodes whose outputs this node reads.
    public var inputs: [Int]
    /// Fields of a graph file that the solvers do not use (`op`, `shape`, ...), kept for round trips.
    public var metadata: [String: JSONValue]

    public init(
        id: Int, name: String, kind: Kind, cost: Double, memory: Int,
        workspace: Int = 0, inputs: [Int] = [], metadata: [String: JSONValue] = [:]
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.cost = cost
        self.memory = memory
        self.workspace = workspace
        self.inputs = inputs
        self.metadata = metadata
    }
}
