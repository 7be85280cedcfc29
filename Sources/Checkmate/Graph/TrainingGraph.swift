/// The training graph of one step: a DAG of forward, loss and backward nodes.
///
/// This is the graph of Checkmate (Jain et al., "Checkmate: Breaking the
/// Memory Wall with Optimal Tensor Rematerialization", MLSys 2020): node `i`
/// produces one tensor of `m_i` bytes at cost `c_i`, and `constantMemory`
/// (`M0`) is held for the whole step.
///
/// Invariant: `nodes` is a topological order. Every input index of node `i`
/// is smaller than `i`, each input appears once, ids are unique and every
/// number is finite and non-negative. Solvers number stages and nodes by
/// these indices; files name nodes by `id`.
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

    /// Creates a graph from nodes already in topological order, whose
    /// `inputs` are indices into `nodes`.
    ///
    /// - Throws: ``GraphError`` naming the first node that breaks the invariant.
    public init(
        name: String, costUnit: String = "seconds", constantMemory: Int = 0, nodes: [Node]
    ) throws(GraphError) {
        guard !nodes.isEmpty else { throw .empty }
        guard constantMemory >= 0 else {
            throw .invalidField(node: nil, field: "constantMemory", reason: "is negative (\(constantMemory))")
        }
        var seen = Set<Int>()
        var nodes = nodes
        var users = Array(repeating: [Int](), count: nodes.count)
        for index in nodes.indices {
            let node = nodes[index]
            try Self.validateValues(of: node)
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
        guard node.memory >= 0 else {
            throw .invalidField(node: node.id, field: "memory", reason: "is negative (\(node.memory))")
        }
        guard node.workspace >= 0 else {
            throw .invalidField(node: node.id, field: "workspace", reason: "is negative (\(node.workspace))")
        }
    }
}
