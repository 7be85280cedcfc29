import Testing
@testable import Checkmate

@Suite struct RotorTests {
    /// On the paper's chain of equal steps, where revolve is optimal, Rotor
    /// costs exactly what revolve costs at every budget from the memory lower
    /// bound (4 units: a backward node, its two forward inputs and the
    /// gradient it reads) to the checkpoint-all peak, where it recomputes nothing.
    @Test func costsWhatRevolveCostsOnTheChain() throws {
        for length in 1...16 {
            let graph = TrainingGraph.chain(length: length)
            let reference = CheckpointAll().peakMemory(of: graph)
            for budget in graph.memoryLowerBound...reference {
                let solution = try Rotor().solve(graph, budget: budget)
                #expect(solution.replay.peakMemory <= budget)
                #expect(solution.replay.cost == (try Griewank().solve(graph, budget: budget)).replay.cost,
                        "length \(length), budget \(budget)")
            }
            #expect(try Rotor().solve(graph, budget: reference).replay.cost == graph.totalCost)
        }
    }

    /// Three unit steps within 4 units, by hand: `b2` holds its gradient
    /// input, `f2`, `f1` and its output, so `f0` cannot stay. The plan
    /// advances to `f1`, keeps it through `b2` for `b1` (the checkpoint
    /// reused), and computes `f0` again just before `b1`: one recomputation,
    /// cost 8, the exhaustive optimum. With 5 units `f0` stays: cost 7.
    @Test func threeStepsByHand() throws {
        let graph = TrainingGraph.chain(length: 3)
        let tight = try Rotor().solve(graph, budget: 4)
        #expect(tight.replay.cost == 8)
        #expect(tight.schedule.computeCounts(nodeCount: graph.count) == [2, 1, 1, 1, 1, 1, 1])
        #expect(try Rotor().solve(graph, budget: 5).replay.cost == 7)
    }

    /// The program's cost at each memory level is the replayed cost of the
    /// plan it emits there, on random training DAGs (one block per forward
    /// node) and with blocks merged.
    @Test func tableCostsAreReplayedCosts() throws {
        for seed in 0..<40 {
            let graph = TrainingGraph.random(forwardCount: 2 + seed % 12, width: 1 + seed % 3, seed: UInt64(500 + seed))
            let budget = CheckpointAll().peakMemory(of: graph)
            for blocks in [graph.forwardNodes.count, 3] {
                let table = Rotor.Table(chain: Rotor.Chain(graph: graph, blocks: blocks), memory: budget, levels: 60)
                for m in 0...table.levels where table.cost(within: m) < .infinity {
                    let replay = try graph.replay(ComputeSequence(nodes: table.sequence(within: m)).schedule(for: graph))
                    #expect(abs(Double(table.cost(within: m)) - replay.cost) <= 1e-3 * replay.cost, "seed \(seed), level \(m)")
                }
            }
        }
    }

    @Test func mergesBlocksWhereTheFewestBytesCross() {
        // A chain of 12 steps in 3 blocks: every cut crosses one unit, so the cuts fall in each third.
        let chain = Rotor.Chain(graph: .chain(length: 12), blocks: 3)
        #expect(chain.forward.map(\.count).reduce(0, +) == 12)
        #expect(chain.count == 3)
        #expect(chain.forward.allSatisfy { (2...6).contains($0.count) })
        // Every backward node is placed, each after the blocks whose forward outputs it reads.
        #expect(chain.backward.map(\.count).reduce(0, +) == 13)
    }
}
