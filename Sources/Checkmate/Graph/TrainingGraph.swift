/// The training graph of one step: a DAG of forward, loss and backward nodes.
///
/// This is the graph of Checkmate (Jain et al., "Checkmate: Breaking the
/// Memory Wall with Optimal Tensor Rematerialization", MLSys 2020): node `i`
/// produces one tensor of `m_i` bytes at cost `c_i`, and `constantMemory`
/// (`M0`) is held for the whole step.
///
/// Invariant: `nodes` is a topological order. Every input index of node `i`
/// is smaller than `i`, each input appears once, ids are unique and every
/// number is finite and non-negative. `M0`, every output and the largest
/// workspace add up to at most ``ByteCount/limit`` bytes, so no sum of
/// sizes overflows and every size is exact in a JSON number; the costs add
/// up to at most ``costLimit``, so even recomputing every node many times
/// costs a finite amount. Solvers number stages and nodes by these indices;
/// files name nodes by `id`.
///
///     let graph = try TrainingGraph(name: "chain", nodes: [
///         Node(id: 0, name: "f0", kind: .forward, cost: 1, memory: 4),
///         Node(id: 1, name: "loss", kind: .loss, cost: 1, memory: 4, inputs: [0]),
///         Node(id: 2, name: "g0", kind: .backward, cost: 1, memory: 4, inputs: [0, 1]),
///     ])
///     graph.memoryLowerBound   // 12
public struct TrainingGraph: Hashable, Sendable {
    public var name: String
    /// The unit of every node's `cost` (for reports only).
    public var costUnit: String
    /// `M0`: bytes held for the whole step (parameters, gradients, optimizer state, input batch).
    public var constantMemory: Int
    /// The nodes, in a topological order.
    public private(set) var nodes: [Node]
    /// `users[i]`: indices of the nodes that read node `i`, ascending.
    public private(set) var users: [[Int]]

    /// The most that the costs of a graph's nodes may add up to.
    public static let costLimit = 1e300

    /// Creates a graph from nodes already in topological order, whose
    /// `inputs` are indices into `nodes`; an input listed twice is read once.
    ///
    /// - Throws: ``GraphError`` naming the first node that breaks the invariant.
    public init(
        name: String, costUnit: String = "seconds", constantMemory: Int = 0, nodes: [Node]
    ) throws(GraphError) {
        guard !nodes.isEmpty else { throw .empty }
        guard constantMemory >= 0, constantMemory <= ByteCount.limit else {
            throw .invalidField(node: nil, field: "constantMemory", reason: "must be from 0 to \(ByteCount.limit) bytes, not \(constantMemory)")
        }
        // Each term is checked against the limit before it is added, so the sums cannot overflow.
        var bytes = constantMemory
        var cost = 0.0
        var workspace = 0
        var seen = Set<Int>()
        var nodes = nodes
        var users = Array(repeating: [Int](), count: nodes.count)
        for index in nodes.indices {
            let node = nodes[index]
            try Self.validateValues(of: node)
            bytes += node.memory
            cost += node.cost
            workspace = max(workspace, node.workspace)
            guard bytes <= ByteCount.limit - workspace else {
                throw .exceedsLimit("constantMemory, the outputs up to node \(node.id) and the largest workspace add up to "
                    + "more than \(ByteCount.limit) bytes (2^53 - 1), the most a graph may hold")
            }
            guard cost <= Self.costLimit else {
                throw .exceedsLimit("the costs up to node \(node.id) add up to more than \(Self.costLimit)")
            }
            guard seen.insert(node.id).inserted else { throw .duplicateID(node.id) }
            var unique: [Int] = []
            for input in node.inputs where !unique.contains(input) {
                guard input >= 0, input < index else {
                    throw .notTopological(node: node.id, input: input)
                }
                unique.append(input)
                users[input].append(index)
            }
            nodes[index].inputs = unique
        }
        self.name = name
        self.costUnit = costUnit
        self.constantMemory = constantMemory
        self.nodes = nodes
        self.users = users
    }

    /// The number of nodes, `n`.
    public var count: Int { nodes.count }

    private static func validateValues(of node: Node) throws(GraphError) {
        guard node.id >= 0 else {
            throw .invalidField(node: node.id, field: "id", reason: "is negative")
        }
        guard node.cost.isFinite, node.cost >= 0 else {
            throw .invalidField(node: node.id, field: "cost", reason: "must be finite and non-negative, not \(node.cost)")
        }
        for (field, bytes) in [("memory", node.memory), ("workspace", node.workspace)] {
            guard bytes >= 0 else {
                throw .invalidField(node: node.id, field: field, reason: "is negative (\(bytes))")
            }
            guard bytes <= ByteCount.limit else {
                throw .invalidField(node: node.id, field: field, reason: "is more than \(ByteCount.limit) bytes (2^53 - 1)")
            }
        }
    }
}
