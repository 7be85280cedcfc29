extension StagePlan {
    /// The plan that computes what `recompute` asks and keeps each output
    /// exactly as long as a later computation reads it: the counterpart of
    /// ``init(graph:retain:)`` for strategies that decide when to compute.
    ///
    /// Every stage computes its own node. An output computed in stage `t` is
    /// kept into the stages after `t` up to the last one that reads it before
    /// the node is computed again; a requested computation that nothing reads
    /// is dropped, so the plan never costs more than `recompute` asks.
    /// Entries of `recompute` above the diagonal are ignored.
    ///
    ///     var recompute = StageMatrix(count: graph.count)
    ///     recompute[5, 1] = true          // compute node 1 again in stage 5
    ///     let plan = StagePlan(graph: graph, recompute: recompute)
    public init(graph: TrainingGraph, recompute: StageMatrix) {
        let n = graph.count
        precondition(recompute.count == n, "the recompute matrix must have one stage per node")
        var retain = StageMatrix(count: n)
        // Scanning computations from last to first, `readUntil[v]` is the
        // last stage that reads the value of `v` computed most recently before it.
        var readUntil = Array(repeating: -1, count: n)
        for t in stride(from: n - 1, through: 0, by: -1) {
            for v in stride(from: t, through: 0, by: -1) where v == t || recompute[t, v] {
                let last = readUntil[v]
                guard v == t || last >= 0 else { continue }
                if last > t { for s in (t + 1)...last { retain[s, v] = true } }
                readUntil[v] = -1
                for i in graph.nodes[v].inputs where readUntil[i] < 0 { readUntil[i] = t }
            }
        }
        self.init(graph: graph, retain: retain)
    }
}
