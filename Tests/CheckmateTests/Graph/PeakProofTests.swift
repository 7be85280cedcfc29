import Testing
@testable import Checkmate

@Suite struct PeakProofTests {
    /// A random DAG of `count` nodes, each reading one or two earlier ones, with workspaces and constant memory.
    static func tinyGraph(count: Int, seed: UInt64) -> TrainingGraph {
        var rng = SplitMix64(seed: seed)
        let nodes = (0..<count).map { i in
            let inputs = i == 0 ? [] : Set((0..<Int.random(in: 1...2, using: &rng)).map { _ in Int.random(in: 0..<i, using: &rng) })
            return Node(id: i, name: "n\(i)", kind: .forward, cost: 1, memory: 1 << Int.random(in: 0...4, using: &rng),
                        workspace: Int.random(in: 0...2, using: &rng), inputs: inputs.sorted())
        }
        return try! TrainingGraph(name: "tiny", constantMemory: Int.random(in: 0...3, using: &rng), nodes: nodes)
    }

    /// The least peak of any schedule, by breadth-first search over (live, computed) sets at
    /// each budget from the memory lower bound up: written without the proof's reasoning.
    static func leastPeak(_ graph: TrainingGraph) -> Int {
        let n = graph.count
        let all = UInt32(1 << n) - 1
        func fits(_ budget: Int) -> Bool {
            var seen: Set<UInt64> = [0]
            var queue: [(live: UInt32, done: UInt32)] = [(0, 0)]
            while let (live, done) = queue.popLast() {
                if done == all { return true }
                let held = (0..<n).reduce(graph.constantMemory) { live & (1 << $1) != 0 ? $0 + graph.nodes[$1].memory : $0 }
                for v in 0..<n {
                    let bit = UInt32(1) << v
                    var next = (live: live & ~bit, done: done)
                    if live & bit == 0 {
                        guard graph.nodes[v].inputs.allSatisfy({ live & (1 << $0) != 0 }),
                              held + graph.nodes[v].workspace + graph.nodes[v].memory <= budget else { continue }
                        next = (live | bit, done | bit)
                    }
                    if seen.insert(UInt64(next.live) << 32 | UInt64(next.done)).inserted { queue.append(next) }
                }
            }
            return false
        }
        var budget = graph.memoryLowerBound
        while !fits(budget) { budget += 1 }
        return budget
    }

    /// On graphs small enough to search to the end, the proof decides the least peak exactly,
    /// and on some of them (random DAGs and training graphs) that is above the memory lower bound.
    @Test func theBoundIsTheLeastPeakOnTinyGraphs() throws {
        var raised = 0
        for seed in 0..<40 {
            let graph = seed.isMultiple(of: 2)
                ? Self.tinyGraph(count: 5 + seed % 5, seed: UInt64(seed))
                : TrainingGraph.random(forwardCount: 3 + seed % 4 / 2, width: 1 + seed % 3, seed: UInt64(seed))
            let least = Self.leastPeak(graph)
            #expect(PeakProof(graph, budget: least) == nil, "seed \(seed)")
            let proof = PeakProof(graph, budget: least - 1)
            #expect(proof != nil && proof!.budget == least - 1, "seed \(seed)")
            #expect(graph.peakLowerBound() == least, "seed \(seed)")
            // The same search builds steps that peak exactly at the least peak, and none below it.
            let steps = try #require(graph.stepsWithin(budget: least), "seed \(seed)")
            let replay = try graph.replay(ComputeSequence(nodes: steps).schedule(for: graph))
            #expect(replay.peakMemory == least, "seed \(seed)")
            #expect(graph.stepsWithin(budget: least - 1) == nil, "seed \(seed)")
            if least > graph.memoryLowerBound { raised += 1 }
        }
        #expect(raised >= 4, "\(raised) of 40 graphs")
    }

    /// No schedule that a strategy finds peaks below the bound, and no budget it fits is proven infeasible.
    @Test(arguments: 0..<12)
    func noScheduleBeatsTheBound(seed: Int) throws {
        let graph = TrainingGraph.random(forwardCount: 15 + 5 * seed, width: 1 + seed % 4, seed: UInt64(seed))
        let bound = graph.peakLowerBound(effort: 1 << 14)
        #expect(bound >= graph.memoryLowerBound)
        let reference = graph.checkpointAllPeak()
        var compared = 0
        for share in [0.3, 0.5, 0.7] {
            let budget = graph.memoryLowerBound + Int(share * Double(reference - graph.memoryLowerBound))
            guard let solution = try? DynamicRematerialization().solve(graph, budget: budget) else { continue }
            #expect(solution.replay.peakMemory >= bound)
            #expect(PeakProof(graph, budget: solution.replay.peakMemory) == nil)
            compared += 1
        }
        #expect(compared > 0, "dtr fitted none of the budgets")
    }

    /// A layered DAG where the search proves budgets infeasible above the memory lower bound (the
    /// issue's 1.1x among them), so strategies say so instead of searching in vain.
    @Test func aLayeredGraphIsProvenInfeasibleAboveTheMemoryLowerBound() throws {
        let graph = TrainingGraph.layered(count: 100, seed: 1)
        let budget = graph.memoryLowerBound * 11 / 10
        let proof = try #require(PeakProof(graph, budget: budget))
        #expect(proof.visits > 0 && graph.memoryToCompute(proof.node) <= budget)
        #expect(proof.reason(in: graph).hasPrefix("no schedule holds the inputs of node \(graph.nodes[proof.node].id)"))
        #expect(throws: StrategyError.infeasible(budget: budget, reason: proof.reason(in: graph))) {
            try DynamicRematerialization().solve(graph, budget: budget)
        }
        #expect(graph.peakLowerBound(effort: 1 << 14) > budget)
    }

    /// Where no strategy found a schedule (annealing's least peak was 41,165 B), the search over
    /// live sets builds one within 39,400 B, 0.1% above its own bound on `layered:100:1`, and the
    /// search starts from it.
    @Test func buildsASchedulePastTheFeasibilityPhasesLeastPeak() throws {
        let graph = TrainingGraph.layered(count: 100, seed: 1)
        let budget = 39_400
        #expect(PeakProof(graph, budget: budget) == nil && PeakProof(graph, budget: 39_355) != nil)
        let steps = try #require(graph.stepsWithin(budget: budget))
        #expect(try graph.replay(ComputeSequence(nodes: steps).schedule(for: graph)).peakMemory <= budget)
        let solution = try ScheduleAnnealing(steps: 20_000).solve(graph, budget: budget)
        #expect(solution.replay.peakMemory <= budget)
    }
}
