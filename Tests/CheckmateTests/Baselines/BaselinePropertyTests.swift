import Checkmate
import Testing

/// Seeded random training DAGs: every strategy's answer replays, fits when it
/// says so, computes every node, and misses only with a peak above the budget.
@Suite struct BaselinePropertyTests {
    static let graphs: [TrainingGraph] = (0..<300).map { seed in
        TrainingGraph.random(forwardCount: 1 + seed % 14, width: 1 + seed % 4, seed: UInt64(1000 + seed))
    }

    @Test func everyStrategyIsValidAtEveryBudget() throws {
        for graph in Self.graphs {
            let reference = CheckpointAll().peakMemory(of: graph)
            let low = graph.memoryLowerBound
            for budget in [low, (low + reference) / 2, reference] {
                try checkAll(on: graph, budget: budget)
            }
        }
    }

    /// Every baseline at `budget`: none fits where one is proven infeasible.
    private func checkAll(on graph: TrainingGraph, budget: Int) throws {
        let fits = try Baselines.all.map { try check($0, on: graph, budget: budget) }
        #expect(!(fits.contains(true) && fits.contains(nil)), "\(graph.name) within \(budget): proven infeasible, yet fitted")
    }

    /// Whether `strategy` fits `budget`, or nil when it reports the budget proven infeasible.
    private func check(_ strategy: any Strategy, on graph: TrainingGraph, budget: Int) throws -> Bool? {
        let context = Comment(rawValue: "\(strategy.name) on \(graph.name) within \(budget)")
        do {
            let solution = try strategy.solve(graph, budget: budget)
            let replay = try graph.replay(solution.schedule)
            #expect(replay == solution.replay, context)
            #expect(replay.peakMemory <= budget, context)
            #expect(replay.peakMemory >= graph.memoryLowerBound, context)
            #expect(replay.cost >= graph.totalCost, context)
            #expect(solution.schedule.computeCounts(nodeCount: graph.count).allSatisfy { $0 >= 1 }, context)
            #expect(solution.strategy == strategy.name && solution.budget == budget, context)
            return true
        } catch let error as StrategyError {
            if case .infeasible = error {
                #expect(PeakProof(graph, budget: budget) != nil, context)
                return nil
            }
            guard case .doesNotFit(strategy.name, budget, let leastPeak?) = error else {
                Issue.record(Comment(rawValue: "unexpected \(error): \(context.rawValue)"))
                return false
            }
            #expect(leastPeak > budget, context)
            return false
        }
    }

    /// DAGs of any shape: kinds in any order, zero costs and sizes,
    /// workspace, constant memory, nodes nothing reads.
    static let unusualGraphs: [TrainingGraph] = (0..<150).map { seed in
        var rng = SplitMix64(seed: UInt64(seed))
        let count = Int.random(in: 1...16, using: &rng)
        let nodes = (0..<count).map { i in
            Node(id: 100 - i, name: "n\(i)", kind: Node.Kind.allCases.randomElement(using: &rng)!,
                 cost: Double(Int.random(in: 0...3, using: &rng)), memory: Int.random(in: 0...5, using: &rng),
                 workspace: Int.random(in: 0...2, using: &rng),
                 inputs: i == 0 ? [] : (0..<Int.random(in: 0...3, using: &rng)).map { _ in Int.random(in: 0..<i, using: &rng) })
        }
        return try! TrainingGraph(name: "unusual\(seed)", constantMemory: Int.random(in: 0...3, using: &rng), nodes: nodes)
    }

    @Test func unusualGraphsGetValidSchedulesOrAClearMiss() throws {
        for graph in Self.unusualGraphs {
            let reference = CheckpointAll().peakMemory(of: graph)
            for budget in [graph.memoryLowerBound, reference] {
                try checkAll(on: graph, budget: budget)
            }
        }
    }

    @Test func checkpointAllCostsExactlyTheSumOfCosts() throws {
        for graph in Self.graphs {
            let reference = CheckpointAll().peakMemory(of: graph)
            let solution = try CheckpointAll().solve(graph, budget: reference)
            #expect(solution.replay.cost == graph.totalCost)
            #expect(solution.schedule.computeCounts(nodeCount: graph.count).allSatisfy { $0 == 1 })
        }
    }

    @Test func linearizedGreedyFitsTheCheckpointAllPeakWithoutRecomputing() throws {
        // Its smallest threshold makes every forward node a checkpoint.
        for graph in Self.graphs.prefix(80) {
            let reference = CheckpointAll().peakMemory(of: graph)
            let solution = try ChenGreedy(linearized: true).solve(graph, budget: reference)
            #expect(solution.replay.cost == graph.totalCost)
        }
    }

    @Test func belowTheLowerBoundEveryStrategyIsInfeasible() {
        for graph in Self.graphs.prefix(40) {
            for strategy in Baselines.all {
                #expect {
                    try strategy.solve(graph, budget: graph.memoryLowerBound - 1)
                } throws: { error in
                    if case StrategyError.infeasible = error { true } else { false }
                }
            }
        }
    }

    /// The sweeps of chen-greedy and griewank try nothing once their time is
    /// spent, and then say so; given time, they fit the same budget.
    @Test func sweepsStopAtTheTimeLimit() throws {
        let graph = TrainingGraph.random(forwardCount: 20, seed: 5)
        let budget = graph.checkpointAllPeak()
        for strategy: any Strategy in [ChenGreedy(), Griewank()] {
            #expect(throws: StrategyError.timedOut(strategy: strategy.name, seconds: 0, costLowerBound: nil, stageFormBound: nil)) {
                try strategy.solve(graph, budget: budget, options: SolveOptions(timeLimit: 0))
            }
            let solution = try strategy.solve(graph, budget: budget, options: SolveOptions(timeLimit: 60))
            #expect(solution.replay.peakMemory <= budget)
        }
    }
}
