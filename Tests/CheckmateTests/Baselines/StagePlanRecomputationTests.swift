import Testing
@testable import Checkmate

@Suite struct StagePlanRecomputationTests {
    @Test func requestingNothingIsCheckpointAll() throws {
        for seed in 0..<30 {
            let graph = TrainingGraph.random(forwardCount: 1 + seed % 12, width: 1 + seed % 3, seed: UInt64(seed))
            let plan = StagePlan(graph: graph, recompute: StageMatrix(count: graph.count))
            #expect(plan.schedule(for: graph) == CheckpointAll().schedule(for: graph))
            #expect(plan.recomputation.trueCount == graph.count)
        }
    }

    @Test func aRequestedRecomputationIsKeptUntilItsLastReader() {
        // chain(4): f0..f3 = 0..3, loss = 4, b3..b0 = 5..8; b1 (7) and b0 (8) read f0.
        let graph = TrainingGraph.chain(length: 4)
        var request = StageMatrix(count: graph.count)
        request[7, 0] = true
        let plan = StagePlan(graph: graph, recompute: request)
        #expect(plan.recomputation[7, 0])
        #expect(plan.retention[8, 0])
        // The first copy of f0 is kept only until f1 reads it.
        #expect(plan.retention[1, 0])
        #expect(!plan.retention[2, 0])
        #expect(!plan.retention[7, 0])
    }

    @Test func aRecomputationNothingReadsIsDropped() throws {
        let graph = TrainingGraph.chain(length: 4)
        var request = StageMatrix(count: graph.count)
        request[6, 3] = true   // f3's last reader is b3, in stage 5
        request[7, 2] = true   // f2's last reader is b2, in stage 6
        let plan = StagePlan(graph: graph, recompute: request)
        #expect(!plan.recomputation[6, 3])
        #expect(!plan.recomputation[7, 2])
        #expect(try graph.replay(plan.schedule(for: graph)).cost == graph.totalCost)
    }
}
