/// Chen et al.'s `sqrt(n)` checkpointing ("Training Deep Nets with Sublinear
/// Memory Cost", 2016), as the Checkmate paper runs it.
///
/// Of the `k` checkpoint candidates (the forward graph's articulation points,
/// or every forward node when `linearized`), every `round(sqrt(k))`-th is a
/// checkpoint. The forward pass keeps checkpoints and drops the rest once the
/// forward pass no longer reads them; the backward pass recomputes each
/// segment between checkpoints once and keeps it until its last use.
///
///     let solution = try ChenSqrtN(linearized: true).solve(graph, budget: 4 << 30)
public struct ChenSqrtN: Strategy {
    /// Whether checkpoints may be any forward node (the topological order
    /// as a chain) rather than only articulation points.
    public var linearized: Bool

    public init(linearized: Bool = false) {
        self.linearized = linearized
    }

    public var name: String { linearized ? "chen-sqrtn-linearized" : "chen-sqrtn" }
    public var summary: String {
        "Chen et al. 2016: every sqrt(k)-th of the k "
            + (linearized ? "forward nodes (topological order as a chain)" : "articulation points")
            + " is a checkpoint"
    }

    /// The checkpoints: every `round(sqrt(k))`-th of the `k` candidates.
    public func checkpoints(in graph: TrainingGraph) -> [Int] {
        let candidates = graph.checkpointCandidates(linearized: linearized)
        let spacing = max(1, Int(Double(candidates.count).squareRoot().rounded()))
        return candidates.enumerated().filter { ($0.offset + 1) % spacing == 0 }.map(\.element)
    }

    /// One stage plan with about sqrt(n) checkpoints, replayed.
    ///
    /// - Complexity: O(*n* (*n* + *e*)) for *n* nodes and *e* edges: one plan's schedule.
    public func solve(_ graph: TrainingGraph, budget: Int, options: SolveOptions) throws(StrategyError) -> Solution {
        var search = try CheapestFit(graph: graph, budget: budget, strategy: name)
        let recompute = graph.segmentRecomputation(checkpoints: Set(checkpoints(in: graph)))
        try search.consider(StagePlan(graph: graph, recompute: recompute))
        return try search.solution()
    }
}
