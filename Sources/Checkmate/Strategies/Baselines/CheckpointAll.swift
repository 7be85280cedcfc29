/// Checkpoint all: compute every node once and keep each output until its
/// last reader, the paper's "no rematerialization" reference.
///
/// Its cost is exactly `sum(c_v)`, and its peak is the reference for how much
/// memory the other strategies save (a budget of `60%` on the command line is
/// 60% of this peak). Invariant: the schedule computes each node once, in
/// graph order, and frees every output right after its last reader.
///
///     let reference = CheckpointAll().peakMemory(of: graph)
public struct CheckpointAll: Strategy {
    public var name: String { "checkpoint-all" }
    public var summary: String { "keep every output until its last use; no recomputation (cost = sum of costs)" }

    public init() {}

    /// The schedule, which serves as a reference on graphs of any size.
    ///
    /// - Complexity: O(*n* + *e*) for *n* nodes and *e* edges.
    public func schedule(for graph: TrainingGraph) -> Schedule {
        var steps: [Schedule.Step] = []
        steps.reserveCapacity(2 * graph.count)
        for v in graph.nodes.indices {
            steps.append(.compute(v))
            for i in graph.nodes[v].inputs where graph.users[i].last == v { steps.append(.free(i)) }
            if graph.users[v].isEmpty { steps.append(.free(v)) }
        }
        return Schedule(steps: steps)
    }

    /// The peak of ``schedule(for:)``: the memory a step needs without rematerialization.
    public func peakMemory(of graph: TrainingGraph) -> Int {
        do {
            return try graph.replay(schedule(for: graph)).peakMemory
        } catch {
            preconditionFailure("a checkpoint-all schedule always replays: \(error)")
        }
    }

    public func solve(_ graph: TrainingGraph, budget: Int, options: SolveOptions) throws(StrategyError) -> Solution {
        var search = try CheapestFit(graph: graph, budget: budget, strategy: name, usesStagePlans: false)
        try search.consider(schedule(for: graph))
        return try search.solution()
    }
}
