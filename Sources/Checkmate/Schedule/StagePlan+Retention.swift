/// Plans chosen by what they retain: keeping everything, following a
/// schedule, and dropping retention that nothing uses.
extension StagePlan {
    /// Checkpoint all: every output is kept from its first computation until
    /// its last user's stage, so nothing is computed twice. With `include`,
    /// only the outputs of the nodes it accepts are kept; the others are
    /// recomputed wherever they are needed.
    public static func retainingAll(
        in graph: TrainingGraph, where include: (Node) -> Bool = { _ in true }
    ) -> StagePlan {
        var retain = StageMatrix(count: graph.count)
        for i in 0..<graph.count where include(graph.nodes[i]) {
            guard let last = graph.users[i].last else { continue }
            for t in (i + 1)...last { retain[t, i] = true }
        }
        return StagePlan(graph: graph, retain: retain)
    }

    /// The stage form of a schedule: stage `t + 1` keeps the outputs that
    /// `schedule` has in memory at its first compute step after it first
    /// computes node `t`.
    ///
    /// For the schedule of a trimmed plan this gives back the plan. Where the
    /// schedule first computes the nodes in the graph's order, its retention
    /// is ``StageView``'s; otherwise this projects the schedule onto the stage
    /// form in the graph's order, while ``StageView`` keeps the schedule's own order.
    /// - Parameters:
    ///   - graph: the graph of the plan.
    ///   - schedule: a schedule that replays on `graph`.
    public init(graph: TrainingGraph, following schedule: Schedule) {
        let n = graph.count
        var live = Array(repeating: false, count: n)
        var started = Array(repeating: false, count: n)
        var retain = StageMatrix(count: n)
        var boundary: Int?
        for step in schedule.steps where step.node >= 0 && step.node < n {
            switch step {
            case .compute(let v):
                if let t = boundary, t + 1 < n {
                    for i in 0...t where live[i] { retain[t + 1, i] = true }
                }
                boundary = started[v] ? nil : v
                started[v] = true
                live[v] = true
            case .free(let v):
                live[v] = false
            }
        }
        self.init(graph: graph, retain: retain)
    }

    /// The cheapest plan that keeps a subset of this plan's retention: an
    /// output is no longer kept into a stage that neither reads it nor keeps
    /// it for the next.
    ///
    /// Stages are trimmed from last to first, since dropping what stage
    /// `t + 1` keeps can spare stage `t` a computation and so free its inputs.
    /// The result computes and holds no more than this plan at any point, so
    /// its schedule costs no more and peaks no higher.
    public func trimmed(in graph: TrainingGraph) -> StagePlan {
        let n = count
        var kept = retention
        var computed = StageMatrix(count: n)
        var used = Array(repeating: false, count: n)
        for t in stride(from: n - 1, through: 1, by: -1) {
            Self.close(stage: t, of: graph, retain: kept, into: &computed)
            for i in 0..<n { used[i] = false }
            for k in 0...t where computed[t, k] {
                for i in graph.nodes[k].inputs { used[i] = true }
            }
            for i in 0..<t where kept[t, i] && !used[i] && !(t + 1 < n && kept[t + 1, i]) {
                kept[t, i] = false
            }
        }
        return StagePlan(graph: graph, retain: kept)
    }
}
