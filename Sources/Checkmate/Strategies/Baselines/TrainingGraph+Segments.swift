/// How segment-based baselines cut the forward pass (Chen et al. 2016;
/// Griewank and Walther 2000), as Checkmate's paper runs them: on the
/// articulation points of the forward graph, or on its topological order
/// taken as a chain ("linearized").
extension TrainingGraph {
    /// The forward nodes a segment-based baseline may keep as checkpoints:
    /// every forward node when `linearized`, else the ``articulationPoints``.
    func checkpointCandidates(linearized: Bool) -> [Int] {
        linearized ? forwardNodes : articulationPoints
    }

    /// The forward nodes in order, cut after each node of `boundaries`: each
    /// run ends at a boundary, except possibly the last, and none is empty.
    func forwardRuns(cutAfter boundaries: Set<Int>) -> [[Int]] {
        var runs: [[Int]] = [[]]
        for v in forwardNodes {
            runs[runs.count - 1].append(v)
            if boundaries.contains(v) { runs.append([]) }
        }
        return runs.filter { !$0.isEmpty }
    }

    /// For each node, the stage of the first backward node that reads it, if any.
    func firstBackwardReads() -> [Int?] {
        users.map { readers in readers.first { nodes[$0].kind == .backward } }
    }

    /// Chen et al.'s rematerialization for a set of checkpoints, as a
    /// ``StagePlan/init(graph:recompute:)`` request.
    ///
    /// The forward nodes between consecutive checkpoints form a segment. The
    /// backward pass recomputes each segment once, all of it, in the first
    /// stage that reads any of its nodes; ``StagePlan/init(graph:recompute:)``
    /// then keeps checkpoints and recomputed values until their last reader.
    /// The segment after the last checkpoint is still in memory when the
    /// backward pass starts, so it is kept rather than recomputed.
    func segmentRecomputation(checkpoints: Set<Int>) -> StageMatrix {
        let firstRead = firstBackwardReads()
        var recompute = StageMatrix(count: count)
        var runs = forwardRuns(cutAfter: checkpoints)
        if let last = runs.last?.last, !checkpoints.contains(last) { runs.removeLast() }
        for run in runs {
            let segment = run.filter { !checkpoints.contains($0) }
            guard let stage = segment.compactMap({ firstRead[$0] }).min() else { continue }
            for v in segment { recompute[stage, v] = true }
        }
        return recompute
    }
}
