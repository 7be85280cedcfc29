import Checkmate
import Testing

/// Exact costs and peaks on the paper's chain with four forward nodes and
/// unit costs and memory: f0..f3 are nodes 0..3, the loss is 4, and the
/// backward node b_i (index 8 - i) reads b_(i+1) (or the loss), f_i and f_(i-1).
/// Every number below is worked out by hand in the comments.
@Suite struct PaperChainTests {
    let graph = TrainingGraph.chain(length: 4)

    private func solve(_ strategy: some Strategy, budget: Int) throws -> Replay {
        let solution = try strategy.solve(graph, budget: budget)
        #expect(try graph.replay(solution.schedule) == solution.replay)
        return solution.replay
    }

    @Test func bounds() {
        #expect(graph.totalCost == 9)
        // b_i for i > 0: three inputs and its output.
        #expect(graph.memoryLowerBound == 4)
    }

    @Test func checkpointAll() throws {
        // Every node once: 2k + 1 = 9. At b3: f0..f3, the loss and b3 are live = 6.
        let replay = try solve(CheckpointAll(), budget: 6)
        #expect(replay.cost == 9)
        #expect(replay.peakMemory == 6)
        #expect(throws: StrategyError.doesNotFit(strategy: "checkpoint-all", budget: 5, leastPeak: 6)) {
            try CheckpointAll().solve(graph, budget: 5)
        }
    }

    @Test func checkpointLast() throws {
        // 2k + 1 first computations, and b_i recomputes f0..f_i: 1 + 2 + 3 + 4 = 10.
        // Peak at b_i: b_(i+1), f_(i-1), f_i and b_i = 4.
        let replay = try solve(CheckpointLast(), budget: 4)
        #expect(replay.cost == 19)
        #expect(replay.peakMemory == 4)
    }

    @Test func chenSqrtN() throws {
        // Articulation points f1, f2; sqrt(2) rounds to 1, so both are checkpoints.
        // Only segment {f0} is recomputed (once, for b1): 9 + 1. The trailing
        // segment {f3} stays; at b3 f1, f2, f3, the loss and b3 are live = 5.
        #expect(ChenSqrtN().checkpoints(in: graph) == [1, 2])
        let replay = try solve(ChenSqrtN(), budget: 5)
        #expect(replay.cost == 10)
        #expect(replay.peakMemory == 5)
    }

    @Test func chenSqrtNLinearized() throws {
        // Candidates f0..f3, every second: f1 and f3. Segments {f0} and {f2}
        // are recomputed once each: 9 + 2. At b3, f2 recomputed beside f1, f3
        // and the loss: 5.
        #expect(ChenSqrtN(linearized: true).checkpoints(in: graph) == [1, 3])
        let replay = try solve(ChenSqrtN(linearized: true), budget: 5)
        #expect(replay.cost == 11)
        #expect(replay.peakMemory == 5)
    }

    @Test func chenGreedy() throws {
        // Thresholds give the checkpoint sets {f1, f2} (cost 10, peak 5),
        // {f1} (10, 5), {f2} (11, peak 5 at b2) and {} (9, 6).
        #expect(try solve(ChenGreedy(), budget: 6).cost == 9)
        let replay = try solve(ChenGreedy(), budget: 5)
        #expect(replay.cost == 10)
        #expect(replay.peakMemory == 5)
        #expect(throws: StrategyError.doesNotFit(strategy: "chen-greedy", budget: 4, leastPeak: 5)) {
            try ChenGreedy().solve(graph, budget: 4)
        }
    }

    @Test func griewank() throws {
        // No slot: b2 needs f0, f1 again (2), b1 needs f0 again (1): 9 + 3, peak 4.
        let none = try solve(Griewank(), budget: 4)
        #expect(none.cost == 12)
        #expect(none.peakMemory == 4)
        // One slot holds f1 from the forward pass: only f0 is recomputed, for b1.
        let one = try solve(Griewank(), budget: 5)
        #expect(one.cost == 10)
        #expect(one.peakMemory == 5)
        #expect(try solve(Griewank(), budget: 6).cost == 9)
    }

    @Test func budgetBelowTheLowerBoundIsInfeasible() {
        for strategy in Baselines.all {
            #expect {
                try strategy.solve(graph, budget: 3)
            } throws: { error in
                guard case StrategyError.infeasible(3, let reason) = error else { return false }
                return reason.hasPrefix("node 5 ('b3') needs 4 B to run")
            }
        }
    }
}
