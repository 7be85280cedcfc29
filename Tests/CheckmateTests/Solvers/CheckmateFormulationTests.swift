import Testing
@testable import Checkmate

/// Trimmed plans of random retention on small random graphs, with their replays.
func randomPlans(seeds: Range<UInt64>, forwardCount: Int = 5) -> [(TrainingGraph, StagePlan, Replay)] {
    seeds.map { seed in
        let graph = TrainingGraph.random(forwardCount: forwardCount, seed: seed)
        var random = SplitMix64(seed: seed &+ 99)
        var retain = StageMatrix(count: graph.count)
        for t in 0..<graph.count {
            for i in 0..<t where Bool.random(using: &random) { retain[t, i] = true }
        }
        let plan = StagePlan(graph: graph, retain: retain).trimmed(in: graph)
        return (graph, plan, try! graph.replay(plan.schedule(for: graph)))
    }
}

@Suite struct CheckmateFormulationTests {
    @Test func startOfATrimmedPlanCostsItsReplayAndNeedsExactlyItsPeak() throws {
        for (graph, plan, replay) in randomPlans(seeds: 0..<20) {
            let fitting = CheckmateFormulation(graph: graph, budget: replay.peakMemory)
            let start = try #require(fitting.start(for: plan), "\(graph.name)")
            #expect(abs(fitting.program.objectiveValue(of: start) - replay.cost) < 1e-9)
            #expect(fitting.plan(from: start) == plan)
            // One byte less and the same plan no longer fits the program: its memory is exact.
            #expect(CheckmateFormulation(graph: graph, budget: replay.peakMemory - 1).start(for: plan) == nil)
        }
    }

    @Test func relaxationKeepsTheShapeAndDropsIntegrality() {
        let graph = TrainingGraph.chain(length: 3)
        let exact = CheckmateFormulation(graph: graph, budget: 6)
        let relaxed = CheckmateFormulation(graph: graph, budget: 6, relaxed: true)
        #expect(exact.program.hasIntegers && !relaxed.program.hasIntegers)
        #expect(exact.program.relaxed() == relaxed.program)
        // R and S for each stage's earlier nodes (none is the sink): 2 * (0 + 1 + ... + 6) binaries.
        #expect(exact.program.isInteger.filter { $0 }.count == 2 * 21)
        #expect(exact.program.objectiveOffset == graph.totalCost)
    }

    @Test func memoryIsCountedInUnitsOfTheGCD() {
        let nodes = [
            Node(id: 0, name: "a", kind: .forward, cost: 1, memory: 4096),
            Node(id: 1, name: "b", kind: .forward, cost: 1, memory: 8192, workspace: 2048, inputs: [0]),
            Node(id: 2, name: "c", kind: .backward, cost: 1, memory: 4096, inputs: [0, 1]),
        ]
        let graph = try! TrainingGraph(name: "g", constantMemory: 1000, nodes: nodes)
        let formulation = CheckmateFormulation(graph: graph, budget: 1000 + 5 * 4096 + 100)
        #expect(formulation.memoryUnit == 2048)
        #expect(formulation.scaledBudget == 10)
        #expect(CheckmateFormulation(graph: graph, budget: 999).scaledBudget < 0)
    }

    @Test func trimmingNeverCostsMoreOrPeaksHigher() throws {
        for seed in UInt64(0)..<20 {
            let graph = TrainingGraph.random(forwardCount: 6, seed: seed)
            var random = SplitMix64(seed: seed)
            var retain = StageMatrix(count: graph.count)
            for t in 0..<graph.count {
                for i in 0..<t where Int.random(in: 0..<3, using: &random) == 0 { retain[t, i] = true }
            }
            let plan = StagePlan(graph: graph, retain: retain)
            let trimmed = plan.trimmed(in: graph)
            let before = try graph.replay(plan.schedule(for: graph))
            let after = try graph.replay(trimmed.schedule(for: graph))
            #expect(after.cost <= before.cost && after.peakMemory <= before.peakMemory)
            #expect(trimmed.trimmed(in: graph) == trimmed)
        }
    }

    @Test func aTrimmedPlanIsRecoveredFromItsSchedule() {
        for (graph, plan, _) in randomPlans(seeds: 20..<40) {
            #expect(StagePlan(graph: graph, following: plan.schedule(for: graph)) == plan, "\(graph.name)")
        }
        let graph = TrainingGraph.chain(length: 4)
        let all = StagePlan.retainingAll(in: graph)
        #expect(all.recomputation.trueCount == graph.count)
        #expect(try! graph.replay(all.schedule(for: graph)).peakMemory == graph.checkpointAllPeak())
    }
}

@Suite struct LinearProgramTests {
    @Test func violationMeasuresBoundsRowsAndIntegrality() {
        var program = LinearProgram()
        let x = program.addColumn(cost: 1, upper: 1, isInteger: true)
        let y = program.addColumn(cost: 2, upper: 4)
        program.addRow([(x, 1), (y, 1)], lower: 2)
        program.addRow([(x, 0), (y, 3)], upper: 6)
        #expect(program.nonzeroCount == 3)
        #expect(program.violation(of: [1, 1]) == 0)
        #expect(abs(program.violation(of: [0.5, 1.5]) - 0.5) < 1e-12)
        #expect(program.violation(of: [1, 3]) == 3)
        #expect(program.objectiveValue(of: [1, 1]) == 3)
    }
}

@Suite struct StageOrderTests {
    func isTopological(_ order: [Int], _ graph: TrainingGraph) -> Bool {
        var seen = Set<Int>()
        for v in order {
            guard graph.nodes[v].inputs.allSatisfy(seen.contains), seen.insert(v).inserted else { return false }
        }
        return seen.count == graph.count
    }

    @Test func candidateOrdersAreTopologicalAndTheChosenOneIsNoWorse() {
        for seed in UInt64(0)..<20 {
            let graph = TrainingGraph.random(forwardCount: 12, width: 4, seed: seed)
            for order in [graph.depthFirstOrder, graph.memoryGreedyOrder, graph.lowPeakOrder] {
                #expect(isTopological(order, graph))
            }
            #expect(graph.checkpointAllPeak(order: graph.lowPeakOrder) <= graph.checkpointAllPeak())
            let reordered = graph.reordered(graph.lowPeakOrder)!
            #expect(reordered.checkpointAllPeak() == graph.checkpointAllPeak(order: graph.lowPeakOrder))
        }
    }

    @Test func aChainKeepsItsOrder() {
        let graph = TrainingGraph.chain(length: 6)
        #expect(graph.lowPeakOrder == Array(0..<graph.count))
    }

    @Test func branchesAreFinishedOneAtATime() throws {
        // Two branches, each a big output then a small one: interleaving them holds both big outputs at once.
        let graph = try TrainingGraph(name: "branches", nodes: [
            Node(id: 0, name: "x", kind: .forward, cost: 1, memory: 1),
            Node(id: 1, name: "a1", kind: .forward, cost: 1, memory: 10, inputs: [0]),
            Node(id: 2, name: "b1", kind: .forward, cost: 1, memory: 10, inputs: [0]),
            Node(id: 3, name: "a2", kind: .forward, cost: 1, memory: 1, inputs: [1]),
            Node(id: 4, name: "b2", kind: .forward, cost: 1, memory: 1, inputs: [2]),
            Node(id: 5, name: "loss", kind: .loss, cost: 1, memory: 1, inputs: [3, 4]),
        ])
        #expect(graph.checkpointAllPeak() == 21)
        #expect(graph.checkpointAllPeak(order: graph.lowPeakOrder) == 12)
    }
}

@Suite struct PolishTests {
    @Test func polishingNeverCostsMoreAndStaysWithinTheBudget() throws {
        var improved = 0
        for seed in UInt64(0)..<12 {
            let graph = TrainingGraph.random(forwardCount: 8, seed: seed)
            let nothingKept = StagePlan(graph: graph, retain: StageMatrix(count: graph.count)).trimmed(in: graph)
            let peak = try graph.replay(nothingKept.schedule(for: graph)).peakMemory
            let budget = max(peak, (graph.memoryLowerBound + graph.checkpointAllPeak()) / 2)
            let problem = try StageProblem(graph: graph, budget: budget, order: .given)
            let start = try #require(problem.candidate(nothingKept))
            var random = SplitMix64(seed: seed)
            let polished = problem.polished(start, until: .now + .milliseconds(200), using: &random)
            #expect(polished.replay.cost <= start.replay.cost && polished.replay.peakMemory <= budget)
            #expect(try graph.replay(polished.plan!.schedule(for: graph)) == polished.replay)
            if polished.replay.cost < start.replay.cost { improved += 1 }
        }
        #expect(improved >= 10, "keeping instead of recomputing pays on most graphs")
    }
}
