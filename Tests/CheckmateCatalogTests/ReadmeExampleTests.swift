import Checkmate
import CheckmateCatalog
import CheckmateModels
import Testing

/// The README's library example, as it is written there: the MILP on VGG19
/// at batch 256 in 16 GiB, stopping at a 1% gap.
@Suite struct ReadmeExampleTests {
    @Test func vgg19FitsInSixteenGiBAtBatch256() throws {
        let graph = try Zoo.trainingGraph(named: "vgg19", batch: 256)
        let milp = try #require(StrategyCatalog.strategy(named: "milp"))
        let solution = try milp.solve(graph, budget: 16 << 30, options: SolveOptions(relativeGap: 0.01))
        #expect(solution.replay.peakMemory <= 16 << 30)
        // Keeping every activation does not fit, so the schedule recomputes, within 1% of the bound.
        #expect(CheckpointAll().peakMemory(of: graph) > 16 << 30)
        #expect(solution.overhead(in: graph) > 1 && solution.gap <= 0.01)
        let greedy = try ChenGreedy(linearized: false).solve(graph, budget: 16 << 30)
        #expect(solution.replay.cost < greedy.replay.cost)
        // Stopped at 1%, the MILP proves no optimum the bounds do not.
        #expect(solution.isOptimal == Solution.meets(solution.replay.cost, bound: solution.costLowerBound)
            || solution.optimalAmong == .stageForm)
    }
}
