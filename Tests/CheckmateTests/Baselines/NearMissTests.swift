import Checkmate
import Testing

/// Where nothing fits, a strategy's attempt hands back its schedule of least
/// peak, the peak its miss names, for a search to repair.
@Suite struct NearMissTests {
    static let strategies: [any NearMissReporting] = [Rotor(), DynamicRematerialization()]

    @Test(arguments: strategies.indices)
    func nearMissIsTheLeastPeakSchedule(_ index: Int) throws {
        let strategy = Self.strategies[index]
        var misses = 0
        for seed in 0..<60 {
            let graph = TrainingGraph.random(forwardCount: 3 + seed % 10, width: 1 + seed % 3, seed: UInt64(900 + seed))
            let budget = graph.memoryLowerBound
            let attempt: Attempt
            do {
                attempt = try strategy.attempt(graph, budget: budget, options: SolveOptions())
            } catch StrategyError.infeasible {
                // Proven by the search over live sets: there is no schedule to miss by.
                #expect(PeakProof(graph, budget: budget) != nil)
                continue
            }
            switch attempt {
            case .fits(let solution):
                #expect(solution.replay.peakMemory <= budget)
            case .nearMiss(let schedule, let peak):
                misses += 1
                let replay = try graph.replay(schedule)
                #expect(replay.peakMemory == peak && peak > budget, "\(strategy.name), seed \(seed)")
                #expect {
                    try strategy.solve(graph, budget: budget)
                } throws: { error in
                    guard case StrategyError.doesNotFit(_, _, let leastPeak?) = error else { return false }
                    return leastPeak == peak
                }
            }
        }
        #expect(misses > 0, "\(strategy.name) fitted every graph at its memory lower bound")
    }

    /// Where the search over live sets settles nothing (`layered:250:1` at 1.3x the memory lower
    /// bound), the annealing's miss is its feasibility phase's least peak, which the MILP's last
    /// search goes on from. Counted in proposals, its attempt and its solve repeat each other.
    @Test func annealingMissesByItsLeastPeak() throws {
        let graph = TrainingGraph.layered(count: 250, seed: 1)
        let budget = graph.memoryLowerBound * 13 / 10
        let search = ScheduleAnnealing(starts: [], steps: 4_000)
        guard case .nearMiss(let schedule, let peak) = try search.attempt(graph, budget: budget, options: SolveOptions())
        else { Issue.record("annealing fitted \(budget) B"); return }
        #expect(try graph.replay(schedule).peakMemory == peak && peak > budget)
        #expect(peak <= graph.checkpointAllPeak(order: graph.lowPeakOrder))
        #expect(throws: StrategyError.doesNotFit(strategy: "annealing", budget: budget, leastPeak: peak)) {
            try search.solve(graph, budget: budget)
        }
    }
}
