import Testing
import Checkmate
import CheckmateHiGHS

@Suite struct LPRoundingTests {
    @Test func neverBelowTheLPBoundNorTheMILP() throws {
        let rounding = LPRounding(solver: HiGHSSolver())
        let milp = MILPStrategy(solver: HiGHSSolver())
        var fitted = 0
        for seed in UInt64(0)..<12 {
            let graph = TrainingGraph.random(forwardCount: 6, seed: seed)
            let budget = (graph.memoryLowerBound + 2 * graph.checkpointAllPeak()) / 3
            let bound = try rounding.lowerBound(graph, budget: budget, options: SolveOptions()).cost
            let optimum = try milp.solve(graph, budget: budget)
            #expect(bound >= graph.totalCost && bound <= optimum.replay.cost + 1e-6)
            guard let solution = try? rounding.solve(graph, budget: budget, options: SolveOptions(samples: 8, seed: seed)) else {
                continue
            }
            fitted += 1
            #expect(solution.stageFormBound?.cost == bound)
            #expect(solution.stageFormBound?.order == graph.lowPeakOrder)
            #expect(solution.replay.cost >= bound - 1e-6 && solution.replay.cost >= optimum.replay.cost)
        }
        #expect(fitted >= 6)
    }

    @Test func theSameSeedRoundsTheSameWay() throws {
        let graph = TrainingGraph.random(forwardCount: 8, seed: 2)
        let budget = graph.checkpointAllPeak() - 1
        let rounding = LPRounding(solver: HiGHSSolver(), thresholds: [])
        let options = SolveOptions(samples: 6, seed: 42)
        let first = try rounding.solve(graph, budget: budget, options: options)
        let second = try rounding.solve(graph, budget: budget, options: options)
        #expect(first.schedule == second.schedule)
    }
}
