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
