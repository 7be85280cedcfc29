import Foundation

/// Chen et al.'s greedy checkpointing ("Training Deep Nets with Sublinear
/// Memory Cost", 2016), swept over its threshold as in the Checkmate paper.
///
/// For a threshold `b`, walk the forward nodes in order adding up their
/// memory; at a checkpoint candidate (an articulation point, or any forward
/// node when `linearized`) whose running total exceeds `b`, make it a
/// checkpoint and start again from zero. Segments between checkpoints are
/// recomputed as in ``ChenSqrtN``. The sweep tries `thresholdCount`
/// thresholds spaced geometrically from below the smallest forward output to
/// the total forward memory, replays each distinct checkpoint set, and
/// returns the cheapest schedule that fits the budget.
///
///     let solution = try ChenGreedy(linearized: false).solve(graph, budget: 8 << 30)
public struct ChenGreedy: Strategy {
    /// Whether checkpoints may be any forward node (the topological order
    /// as a chain) rather than only articulation points.
    public var linearized: Bool
    /// How many thresholds the sweep tries.
    public var thresholdCount: Int

    public init(linearized: Bool = false, thresholdCount: Int = 64) {
        precondition(thresholdCount >= 2, "the sweep needs at least two thresholds")
        self.linearized = linearized
        self.thresholdCount = thresholdCount
    }

    public var name: String { linearized ? "chen-greedy-linearized" : "chen-greedy" }
    public var summary: String {
        "Chen et al. 2016 greedy segments on "
            + (linearized ? "the topological order as a chain" : "articulation points")
            + ", threshold swept for the cheapest fit"
    }

    /// The checkpoints the greedy walk picks for threshold `b` bytes.
    public func checkpoints(in graph: TrainingGraph, threshold b: Double) -> [Int] {
        Walk(graph: graph, linearized: linearized).checkpoints(threshold: b)
    }

    /// The thresholds of the sweep: geometric from half the smallest forward
    /// output (every candidate a checkpoint) to the total forward memory (none).
    public func thresholds(in graph: TrainingGraph) -> [Double] {
        let memories = graph.forwardNodes.map { Double(graph.nodes[$0].memory) }
        let high = max(memories.reduce(0, +), 1)
        let low = max((memories.filter { $0 > 0 }.min() ?? 1) / 2, high * 1e-12)
        let ratio = high / low
        return (0..<thresholdCount).map { j in
            low * pow(ratio, Double(j) / Double(thresholdCount - 1))
        }
    }

    /// The cheapest fit over the sweep of segment thresholds, each plan
    /// replayed; `options.timeLimit` ends the sweep early.
    ///
    /// - Complexity: O(*k* *n* (*n* + *e*)) for *k* thresholds tried, *n* nodes and *e* edges.
    public func solve(_ graph: TrainingGraph, budget: Int, options: SolveOptions) throws(StrategyError) -> Solution {
        var search = try CheapestFit(graph: graph, budget: budget, strategy: name, timeLimit: options.timeLimit)
        let walk = Walk(graph: graph, linearized: linearized)
        var tried = Set<[Int]>()
        for b in thresholds(in: graph) where !search.isPastTimeLimit {
            let checkpoints = walk.checkpoints(threshold: b)
            guard tried.insert(checkpoints).inserted else { continue }
            let recompute = graph.segmentRecomputation(checkpoints: Set(checkpoints))
            let replay = try search.consider(StagePlan(graph: graph, recompute: recompute))
            options.progress?("\(name): \(checkpoints.count) checkpoints, peak \(ByteCount(replay.peakMemory)), cost \(replay.cost.compactDescription)")
        }
        return try search.solution()
    }

    /// The forward pass as the greedy walk sees it: each forward node's
    /// memory and whether it may be a checkpoint.
    private struct Walk {
        let forward: [(node: Int, bytes: Double, isCandidate: Bool)]

        init(graph: TrainingGraph, linearized: Bool) {
            let candidates = Set(graph.checkpointCandidates(linearized: linearized))
            forward = graph.forwardNodes.map { ($0, Double(graph.nodes[$0].memory), candidates.contains($0)) }
        }

        func checkpoints(threshold b: Double) -> [Int] {
            var total = 0.0
            var checkpoints: [Int] = []
            for (v, bytes, isCandidate) in forward {
                total += bytes
                if isCandidate, total > b {
                    checkpoints.append(v)
                    total = 0
                }
            }
            return checkpoints
        }
    }
}
