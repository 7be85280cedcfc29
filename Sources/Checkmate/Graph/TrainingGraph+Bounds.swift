extension TrainingGraph {
    /// `sum(c_v)`: the cost of computing every node once, the least any schedule costs.
    public var costLowerBound: Double {
        nodes.reduce(0) { $0 + $1.cost }
    }

    /// The memory that node `i` needs while it runs: `M0 + w_i + m_i + sum(m_u for u in inputs(i))`.
    public func memoryToCompute(_ i: Int) -> Int {
        let node = nodes[i]
        return node.inputs.reduce(constantMemory + node.workspace + node.memory) { $0 + nodes[$1].memory }
    }

    /// The largest ``memoryToCompute(_:)``: no schedule peaks below it.
    public var memoryLowerBound: Int {
        nodes.indices.map(memoryToCompute).max() ?? constantMemory
    }

    /// Bytes of all node outputs together.
    public var activationMemory: Int {
        nodes.reduce(0) { $0 + $1.memory }
    }
}

extension TrainingGraph {
    /// A lower bound on the recomputation, the cost beyond ``costLowerBound``,
    /// of every schedule within `budget` that first computes the nodes in
    /// the graph's order (as the stage form does); nil when none fits.
    ///
    /// While node `x` is first computed, every earlier node with a user
    /// after `x` is either held, in the memory left beside `M0`, `x`, its
    /// workspace and its inputs, or computed again later. The cheapest
    /// choice of what to compute again is a knapsack; the bound is its
    /// fractional relaxation at the node where that is largest. It needs
    /// no solver, so it serves graphs whose LP is too large to solve.
    ///
    ///     let bound = graph.costLowerBound + (graph.recomputationLowerBound(budget: budget) ?? .infinity)
    public func recomputationLowerBound(budget: Int) -> Double? {
        let lastUse = users.map { $0.max() ?? -1 }
        // Held first: the most cost per byte.
        let byValue = nodes.indices.filter { nodes[$0].memory > 0 && lastUse[$0] >= 0 }.sorted {
            nodes[$0].cost * Double(nodes[$1].memory) > nodes[$1].cost * Double(nodes[$0].memory)
        }
        var bound = 0.0
        for x in nodes.indices {
            let inputs = Set(nodes[x].inputs)
            var room = budget - constantMemory - nodes[x].memory - nodes[x].workspace
                - inputs.reduce(0) { $0 + nodes[$1].memory }
            guard room >= 0 else { return nil }
            var recomputed = 0.0
            for v in byValue where v < x && lastUse[v] > x && !inputs.contains(v) {
                let memory = nodes[v].memory
                let held = min(room, memory)
                room -= held
                recomputed += nodes[v].cost * Double(memory - held) / Double(memory)
            }
            bound = max(bound, recomputed)
        }
        return bound
    }
}
