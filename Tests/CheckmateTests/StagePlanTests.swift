import Testing
@testable import Checkmate

@Suite struct StagePlanTests {
    @Test func retainingNothingRecomputesFromScratch() throws {
        let graph = TrainingGraph.chain(length: 3)
        let plan = StagePlan(graph: graph, retain: StageMatrix(count: graph.count))
        let replay = try graph.replay(plan.schedule(for: graph))
        // Stage t recomputes nodes 0...t except those nothing needs.
        #expect(replay.cost > graph.totalCost)
    }

    @Test func randomGraphsAreValid() throws {
        for seed in 0..<20 {
            let graph = TrainingGraph.random(forwardCount: 15, seed: UInt64(seed))
            let plan = StagePlan(graph: graph, retain: StageMatrix(count: graph.count))
            _ = try graph.replay(plan.schedule(for: graph))
        }
    }
}
