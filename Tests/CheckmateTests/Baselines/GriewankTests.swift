import Testing
@testable import Checkmate

@Suite struct GriewankTests {
    /// Revolve's recursion: reverse `l` steps with `s` free slots by advancing
    /// `j` steps, storing, reversing `l - j` with `s - 1` and `j` with `s`.
    private static func recursion(_ l: Int, _ s: Int, memo: inout [Int: Int]) -> Int {
        if l <= 1 { return 0 }
        if s == 0 { return l * (l - 1) / 2 }
        if let known = memo[l * 100 + s] { return known }
        var best = Int.max
        for j in 1..<l {
            best = min(best, j + recursion(l - j, s - 1, memo: &memo) + recursion(j, s, memo: &memo))
        }
        memo[l * 100 + s] = best
        return best
    }

    @Test func binomialCountMatchesTheRecursion() {
        var memo: [Int: Int] = [:]
        for l in 1...40 {
            for s in 0...6 {
                #expect(Griewank.advances(steps: l, slots: s) == Self.recursion(l, s, memo: &memo), "l = \(l), s = \(s)")
            }
        }
    }

    @Test func knownCounts() {
        // One snapshot (the start): l(l-1)/2. Two snapshots, 6 steps: r = 2, 2 * 6 - binomial(4, 1) = 8.
        #expect(Griewank.advances(steps: 5, slots: 0) == 10)
        #expect(Griewank.advances(steps: 6, slots: 1) == 8)
        // Enough slots: only the first sweep's l - 1 advances.
        #expect(Griewank.advances(steps: 10, slots: 9) == 9)
        #expect(Griewank.advances(steps: 1, slots: 0) == 0)
    }

    /// On the paper's chain of `k` unit steps, the forward pass is revolve's
    /// first sweep, and each backward node reads the state its step produced,
    /// which stays in memory from the reversal before: the schedule
    /// recomputes revolve's count less the first sweep's `k - 1` advances.
    @Test func chainCostsAreRevolveCounts() throws {
        for k in 1...12 {
            let graph = TrainingGraph.chain(length: k)
            var previousCost = Double.infinity
            for slots in 0..<k {
                let replay = try graph.replay(Griewank().plan(for: graph, slots: slots).schedule(for: graph))
                let advances = Griewank.advances(steps: k, slots: slots) - (k - 1)
                #expect(replay.cost == graph.totalCost + Double(advances), "k = \(k), slots = \(slots)")
                // Each slot holds one unit-size state: the peak is the lower bound plus the slots in use.
                #expect(replay.peakMemory == min(4 + slots, k + 2), "k = \(k), slots = \(slots)")
                #expect(replay.cost <= previousCost)
                previousCost = replay.cost
            }
        }
    }

    @Test func chainStepsAreSingleForwardNodes() {
        #expect(Griewank().steps(in: .chain(length: 4)) == [[0], [1], [2], [3]])
    }

    @Test func generalGraphsAreCutAtArticulationPoints() throws {
        // f0 -> f1, f0 -> f2, f1 -> f3, f2 -> f3, f3 -> f4: only f3 separates the forward graph.
        let graph = try TrainingGraph(name: "diamond", nodes: [
            Node(id: 0, name: "f0", kind: .forward, cost: 1, memory: 1),
            Node(id: 1, name: "f1", kind: .forward, cost: 1, memory: 1, inputs: [0]),
            Node(id: 2, name: "f2", kind: .forward, cost: 1, memory: 1, inputs: [0]),
            Node(id: 3, name: "f3", kind: .forward, cost: 1, memory: 1, inputs: [1, 2]),
            Node(id: 4, name: "f4", kind: .forward, cost: 1, memory: 1, inputs: [3]),
            Node(id: 5, name: "loss", kind: .loss, cost: 1, memory: 1, inputs: [4]),
        ])
        #expect(graph.articulationPoints == [3])
        #expect(Griewank().steps(in: graph) == [[0, 1, 2, 3], [4]])
    }
}
