import Testing
@testable import Checkmate

@Suite struct StagePlanTests {
    @Test func retainingNothingRecomputesFromScratch() throws {
        let graph = TrainingGraph.chain(length: 3)
        let plan = StagePlan(graph: graph, retain: StageMatrix(count: graph.count))
        let replay = try graph.replay(plan.schedule(for: graph))
        // Stage t computes node t and, as nothing is kept, every node it
        // depends on: t + 1 nodes in the chain's order, 1 + 2 + ... + 7 in all.
        #expect(replay.cost == 28)
        // The last stage peaks computing b2 with f0, f1, f2 and the loss live: 5 units.
        #expect(replay.peakMemory == 5)
    }

    @Test func randomGraphsAreValid() throws {
        for seed in 0..<20 {
            let graph = TrainingGraph.random(forwardCount: 15, seed: UInt64(seed))
            let plan = StagePlan(graph: graph, retain: StageMatrix(count: graph.count))
            _ = try graph.replay(plan.schedule(for: graph))
        }
    }
}
