import Dispatch
import Foundation
import Synchronization

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
            let kept = (1..<graph.count).flatMap { t in (0..<t).filter { plan.retention[t, $0] }.map { (t, $0) } }
            guard let (t, i) = kept.randomElement(using: &random) else { break }
            var retain = plan.retention
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

    /// Climbs from `candidate` while a move is cheaper and fits. Moves are
    /// tried in order of stage, then node; a batch of the next moves, one
    /// per processor, is evaluated at once, and the first cheaper move of
    /// the batch is taken, so the climb is the same on any number of cores.
    private func climbed(_ candidate: Candidate, until deadline: ContinuousClock.Instant) -> Candidate {
        guard var plan = candidate.plan else { return candidate }
        var best = candidate
        let width = max(ProcessInfo.processInfo.activeProcessorCount, 1)
        var changed = true
        while changed {
            changed = false
            var cursor = (stage: 1, node: 0)
            while true {
                guard ContinuousClock.now < deadline else { return best }
                let batch = moves(of: plan, from: &cursor, count: width)
                guard !batch.isEmpty else { break }
                let found = Mutex([Candidate?](repeating: nil, count: batch.count))
                let cost = best.replay.cost
                DispatchQueue.concurrentPerform(iterations: batch.count) { k in
                    let next = StagePlan(graph: graph, retain: batch[k].retain).trimmed(in: graph)
                    if let better = self.candidate(next), better.replay.cost < cost {
                        found.withLock { $0[k] = better }
                    }
                }
                let results = found.withLock { $0 }
                guard let k = results.firstIndex(where: { $0 != nil }), let better = results[k] else { continue }
                best = better
                plan = better.plan!
                cursor = (batch[k].stage, batch[k].node + 1)
                changed = true
            }
        }
        return best
    }

    /// Up to `count` climbing moves of `plan` from `cursor` on, which then
    /// points past them: where stage `t` recomputes node `i`, keep `i`
    /// instead from the last stage that held it.
    private func moves(
        of plan: StagePlan, from cursor: inout (stage: Int, node: Int), count: Int
    ) -> [(stage: Int, node: Int, retain: StageMatrix)] {
        var moves: [(stage: Int, node: Int, retain: StageMatrix)] = []
        while moves.count < count, cursor.stage < graph.count {
            let (t, i) = cursor
            cursor = i + 1 < t ? (t, i + 1) : (t + 1, 0)
            guard i < t, plan.recomputation[t, i] else { continue }
            var held = t - 1
            while held > i && !plan.recomputation[held, i] && !plan.retention[held, i] { held -= 1 }
            var retain = plan.retention
            for stage in (held + 1)...t { retain[stage, i] = true }
            moves.append((t, i, retain))
        }
        return moves
    }
}
