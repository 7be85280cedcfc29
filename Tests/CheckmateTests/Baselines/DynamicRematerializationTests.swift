import Checkmate
import Testing

/// Dynamic rematerialization on the paper's chain of four forward nodes
/// (unit costs and memory; f0..f3 are nodes 0..3, the loss is 4, and b_i is
/// node 8 - i, reading b_(i+1) or the loss, f_i and f_(i-1)), traced by hand,
/// and its properties on random DAGs. On the chain both waits evict alike:
/// the output read longest ago is also the one read last from now.
@Suite struct DynamicRematerializationTests {
    let chain = TrainingGraph.chain(length: 4)

    @Test func recomputesNothingAtTheCheckpointAllPeak() throws {
        let solution = try DynamicRematerialization().solve(chain, budget: 6)
        #expect(solution.replay.cost == 9)
        #expect(solution.replay.peakMemory == 6)
    }

    @Test func evictsTheStalestOutputOneBelowThePeak() throws {
        // At b3, f0..f3 and the loss fill 5: f0 (read at clock 2, staleness 4;
        // next read by b1, 3 nodes on) goes before f1 (staleness 3; next read by
        // b2, 2 nodes on). b1 computes f0 again: cost 9 + 1.
        let solution = try DynamicRematerialization().solve(chain, budget: 5)
        #expect(solution.replay.cost == 10)
        #expect(solution.replay.peakMemory == 5)
        #expect(solution.schedule.computeCounts(nodeCount: chain.count) == [2, 1, 1, 1, 1, 1, 1, 1, 1])
    }

    @Test func reachesTheMemoryLowerBound() throws {
        // The loss evicts f0 and b3 evicts f1; b2 computes f0 and f1 again and
        // evicts f0, which b1 computes a third time: cost 9 + 3.
        let solution = try DynamicRematerialization().solve(chain, budget: 4)
        #expect(solution.replay.cost == 12)
        #expect(solution.replay.peakMemory == 4)
        #expect(solution.schedule.computeCounts(nodeCount: chain.count) == [3, 2, 1, 1, 1, 1, 1, 1, 1])
    }

    @Test func recomputesNothingWhereCheckpointingAllFits() throws {
        for seed in 0..<100 {
            let graph = TrainingGraph.random(forwardCount: 2 + seed % 12, width: 1 + seed % 4, seed: UInt64(seed))
            let peak = graph.checkpointAllPeak()
            let solution = try DynamicRematerialization().solve(graph, budget: peak)
            #expect(solution.replay.cost == graph.totalCost, "\(graph.name)")
        }
    }

    @Test func noTimeLeftIsATimeOutNotAMiss() {
        #expect(throws: StrategyError.timedOut(strategy: "dtr", seconds: 0, costLowerBound: nil, stageFormBound: nil)) {
            try DynamicRematerialization().solve(chain, budget: 6, options: SolveOptions(timeLimit: 0))
        }
    }

    @Test func aMissReportsTheLeastPeakItReached() throws {
        let graph = TrainingGraph.random(forwardCount: 50, seed: 1)
        let budget = graph.checkpointAllPeak() / 4
        #expect {
            try DynamicRematerialization().solve(graph, budget: budget)
        } throws: { error in
            guard case .doesNotFit("dtr", budget, let least?) = error as? StrategyError else { return false }
            // The peak of a run that finished, within the checkpoint-all peak.
            return least > budget && least <= graph.checkpointAllPeak()
        }
    }
}
