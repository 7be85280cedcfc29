import Checkmate
import CheckmateAnalysis
import CheckmateModels
import Testing

/// The README's library example, with a strategy that needs no solver time.
@Suite struct ReadmeExampleTests {
    @Test func vgg19FitsInSixteenGiBAtBatch256() throws {
        let graph = try Zoo.trainingGraph(named: "vgg19", batch: 256)
        let greedy = try #require(StrategyCatalog.strategy(named: "chen-greedy"))
        let solution = try greedy.solve(graph, budget: 16 << 30, options: SolveOptions(relativeGap: 0.01))
        #expect(solution.replay.peakMemory <= 16 << 30)
        #expect(solution.overhead(in: graph) > 1)
        #expect(!solution.isOptimal)
    }
}
