extension StageProblem {
    /// A cheaper plan near `candidate`'s, by iterated local search on retention.
    ///
    /// The climb: wherever a stage recomputes an output, try keeping it
    /// instead from the last stage that held it, and take each change that
    /// fits the budget and costs less, until none does. Then, until
    /// `deadline` or as many fruitless tries in a row as the graph has nodes,
    /// drop one kept output's run of stages at random (which frees memory),
    /// climb again, and keep the result when it is cheaper.
    ///
    /// Returns `candidate` itself when it has no plan or nothing helps.
    func polished(
        _ candidate: Candidate, until deadline: ContinuousClock.Instant, using random: inout SplitMix64
    ) -> Candidate {
        guard candidate.plan != nil else { return candidate }
        var best = climbed(candidate, until: deadline)
        var fruitless = 0
        while ContinuousClock.now < deadline, fruitless < graph.count, let plan = best.plan {
            fruitless += 1
            let kept = (1..<graph.count).flatMap { t in (0..<t).filter { plan.retain[t, $0] }.map { (t, $0) } }
            guard let (t, i) = kept.randomElement(using: &random) else { break }
            var retain = plan.retain
            var stage = t
            while stage > 0, retain[stage, i] { retain[stage, i] = false; stage -= 1 }
            stage = t + 1
            while stage < graph.count, retain[stage, i] { retain[stage, i] = false; stage += 1 }
            guard let shaken = self.candidate(StagePlan(graph: graph, retain: retain).trimmed(in: graph)) else { continue }
            let climbed = climbed(shaken, until: deadline)
            if climbed.replay.cost < best.replay.cost {
                best = climbed
                fruitless = 0
            }
        }
        return best
    }

    private func climbed(_ candidate: Candidate, until deadline: ContinuousClock.Instant) -> Candidate {
        guard var plan = candidate.plan else { return candidate }
        var best = candidate
        var changed = true
        while changed {
            changed = false
            for t in 1..<graph.count {
                for i in 0..<t where plan.recompute[t, i] {
                    guard ContinuousClock.now < deadline else { return best }
                    var held = t - 1
                    while held > i && !plan.recompute[held, i] && !plan.retain[held, i] { held -= 1 }
                    var retain = plan.retain
                    for stage in (held + 1)...t { retain[stage, i] = true }
                    let next = StagePlan(graph: graph, retain: retain).trimmed(in: graph)
                    guard let better = self.candidate(next), better.replay.cost < best.replay.cost else { continue }
                    best = better
                    plan = next
                    changed = true
                }
            }
        }
        return best
    }
}
