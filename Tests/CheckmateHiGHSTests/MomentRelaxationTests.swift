import Testing
import Checkmate
import CheckmateHiGHS

/// The relaxation at the moments of a path bounds every schedule, and counts
/// the repeated recomputation that the knapsack bound cannot.
@Suite struct MomentRelaxationTests {
    let solver = HiGHSSolver()

    func bound(_ graph: TrainingGraph, budget: Int) throws -> Double? {
        try MomentRelaxation(graph: graph, budget: budget).costLowerBound(solver: solver, parameters: SolverParameters(threads: 1))
    }

    /// Against exhaustive search over all schedules, on 200 tiny random and layered graphs at three budgets.
    @Test func boundsEverySchedule() throws {
        var compared = 0, aboveKnapsack = 0
        for seed in UInt64(0)..<200 {
            let graph = seed % 3 == 2
                ? TrainingGraph.layered(count: 7 + Int(seed % 4), seed: seed)
                : TrainingGraph.random(forwardCount: seed % 3 == 0 ? 3 : 4, seed: seed)
            let peak = graph.checkpointAllPeak()
            for budget in Set([graph.memoryLowerBound, (2 * graph.memoryLowerBound + peak) / 3, peak]).sorted() {
                guard let exact = ExhaustiveSearch.anySchedule(graph, budget: budget) else { continue }
                let moments = try #require(try bound(graph, budget: budget), "\(graph.name) at \(budget): no bound")
                #expect(moments <= exact + 1e-6, "\(graph.name) at \(budget): \(moments) above the optimum \(exact)")
                let knapsack = try #require(graph.costLowerBound(budget: budget))
                if moments > knapsack + 1e-6 { aboveKnapsack += 1 }
                compared += 1
            }
        }
        #expect(compared > 250 && aboveKnapsack > 10, "\(compared) cases, \(aboveKnapsack) above the knapsack")
    }

    /// A chain of four layers (nine nodes), every cost and size 1, within its
    /// memory lower bound of 4 bytes: the cheapest schedule computes three
    /// outputs again (cost 12), where the knapsack finds room for all but two.
    @Test func countsRepeatedRecomputation() throws {
        let graph = TrainingGraph.chain(length: 4)
        let budget = 4
        let exact = try #require(ExhaustiveSearch.anySchedule(graph, budget: budget))
        let knapsack = try #require(graph.costLowerBound(budget: budget))
        let moments = try #require(try bound(graph, budget: budget))
        #expect(knapsack == 11 && exact == 12)
        #expect(moments == exact, "knapsack \(knapsack), moments \(moments), optimum \(exact)")
    }

    /// The same chain through the MILP: its schedule costs 12, and only the
    /// moment relaxation proves that no schedule in any order costs less.
    @Test func letsTheMILPProveOptimalityAmongAllSchedules() throws {
        let graph = TrainingGraph.chain(length: 4)
        let milp = MILPStrategy(solver: solver, warmStarts: Baselines.all)
        let solution = try milp.solve(graph, budget: 4, options: SolveOptions(timeLimit: 30, threads: 1))
        #expect(solution.replay.cost == 12 && solution.replay.peakMemory <= 4)
        #expect(solution.costLowerBound == 12 && solution.optimalAmong == .allSchedules)
    }

    /// Within a byte no moment fits its node, and the solver proves the program empty, which
    /// `milp` and `bound` report as a budget that no schedule fits.
    @Test func hasNoPointWhereNoMomentFits() throws {
        for seed in UInt64(0)..<5 {
            let graph = TrainingGraph.random(forwardCount: 4, seed: seed)
            let moments = MomentRelaxation(graph: graph, budget: 1)
            let result = try solver.solve(moments.program, start: nil, parameters: SolverParameters(threads: 1))
            #expect(result.status == .infeasible, "\(graph.name)")
        }
    }

    @Test func theDefaultPathStartsWhereTheBackwardPassDoes() {
        let graph = TrainingGraph.chain(length: 4)
        let path = MomentRelaxation(graph: graph, budget: graph.checkpointAllPeak()).path
        #expect(graph.nodes[path[0]].kind == .forward && graph.nodes[path[1]].kind != .forward)
        #expect(zip(path, path.dropFirst()).allSatisfy { graph.nodes[$1].inputs.contains($0) })
        #expect(path.last == graph.count - 1)
    }
}
