/// Checkpoint last node: between stages keep only the output of the node
/// just computed, and recompute everything else from scratch when needed.
///
/// The paper's low-memory baseline (Jain et al. 2020, section 6): stage `t`
/// starts with node `t - 1`'s output alone (`S[t, t-1] = 1`) and recomputes
/// whatever else node `t` needs, so nothing recomputed outlives its stage and
/// the cost grows quadratically with depth.
///
///     let solution = try CheckpointLast().solve(graph, budget: graph.memoryLowerBound * 2)
public struct CheckpointLast: Strategy {
    public var name: String { "checkpoint-last" }
    public var summary: String { "keep only the last computed output between stages; recompute the rest (quadratic cost)" }

    public init() {}

    /// The plan with `S[t, t-1] = 1` and nothing else retained.
    public func plan(for graph: TrainingGraph) -> StagePlan {
        var retain = StageMatrix(count: graph.count)
        for t in graph.nodes.indices.dropFirst() { retain[t, t - 1] = true }
        return StagePlan(graph: graph, retain: retain)
    }

    /// One stage plan, replayed.
    ///
    /// - Complexity: O(*n* (*n* + *e*)) for *n* nodes and *e* edges.
    public func solve(_ graph: TrainingGraph, budget: Int, options: SolveOptions) throws(StrategyError) -> Solution {
        var search = try CheapestFit(graph: graph, budget: budget, strategy: name)
        try search.consider(plan(for: graph))
        return try search.solution()
    }
}
