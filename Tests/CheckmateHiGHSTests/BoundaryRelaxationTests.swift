import Testing
import Checkmate
import CheckmateHiGHS
import Synchronization

/// The boundary relaxation bounds every plan of the stage form, and LP
/// rounding rounds it where the formulation's program is too large.
@Suite struct BoundaryRelaxationTests {
    let rounding = LPRounding(solver: HiGHSSolver())

    /// Against exhaustive search over the stage form, on 80 random graphs of 7 and 9 nodes at three budgets.
    @Test func boundsEveryPlanOfTheStageForm() throws {
        var compared = 0
        var tighter = 0
        for seed in UInt64(0)..<80 {
            let graph = TrainingGraph.random(forwardCount: seed % 2 == 0 ? 3 : 4, seed: seed)
            let peak = graph.checkpointAllPeak()
            let budgets = Set([graph.memoryLowerBound, (2 * graph.memoryLowerBound + peak) / 3, peak]).sorted()
            let optima = ExhaustiveSearch.stageForm(graph.reordered(rounding.order.indices(in: graph))!, budgets: budgets)
            for (budget, optimum) in zip(budgets, optima) {
                let knapsack = try #require(graph.costLowerBound(budget: budget, firstComputedIn: rounding.order.indices(in: graph)))
                let result = Result { () throws(StrategyError) in
                    try rounding.lowerBound(graph, budget: budget, options: SolveOptions(), relaxation: .boundaries)
                }
                switch result {
                case .failure(.noStageFormSchedule):
                    #expect(optimum == nil, "\(graph.name) at \(budget): the relaxation has no point but a plan fits")
                    continue
                case .failure(.infeasible):
                    #expect(optimum == nil, "\(graph.name) at \(budget): proven infeasible but a plan fits")
                    continue
                default:
                    break
                }
                let bound = try result.get()
                // A relaxation may have a point where no plan fits.
                guard let exact = optimum else { continue }
                #expect(bound.cost <= exact + 1e-6, "\(graph.name) at \(budget)")
                #expect(bound.cost >= knapsack - 1e-9)
                compared += 1
                if bound.cost > knapsack + 1e-6 { tighter += 1 }
            }
        }
        // The relaxation does work the knapsack does not.
        #expect(compared > 150 && tighter > 15, "\(compared) compared, \(tighter) above the knapsack")
    }

    /// With room for the boundary relaxation but not the formulation's program, LP rounding rounds the former.
    @Test func lpRoundingRoundsTheBoundariesWhenTheProgramIsTooLarge() throws {
        let graph = TrainingGraph.random(forwardCount: 40, seed: 2)
        let budget = (graph.memoryLowerBound + graph.checkpointAllPeak()) / 2
        let columns = StageBoundaryRelaxation(graph: graph, budget: budget).program.columnCount
        let full = CheckmateFormulation(graph: graph.reordered(graph.lowPeakOrder)!, budget: budget, relaxed: true).program.columnCount
        #expect(3 * columns < 2 * full)
        let options = SolveOptions(programMemoryLimit: 2_700 * (columns + full) / 2)
        let lines = Mutex([String]())
        var reporting = options
        reporting.progress = { line in lines.withLock { $0.append(line) } }
        let solution = try rounding.solve(graph, budget: budget, options: reporting)
        #expect(lines.withLock { $0 }.contains { $0.hasPrefix("lp-rounding: boundary relaxation") })
        #expect(try graph.replay(solution.schedule) == solution.replay && solution.replay.peakMemory <= budget)
        // A rounding is of the stage form, so it never costs less than the bound.
        #expect(try #require(solution.stageFormBound).cost <= solution.replay.cost + 1e-6)
    }
}

/// A solver whose solves of programs of more than `columnLimit` columns run out of time at once.
struct SolvesSmallProgramsOnly: LinearSolver {
    let columnLimit: Int
    var name: String { "HiGHS for small programs only" }

    func solve(
        _ program: LinearProgram, start: [Double]?, parameters: SolverParameters
    ) throws(LinearSolverError) -> LinearSolution {
        guard program.columnCount <= columnLimit else {
            return LinearSolution(status: .timeLimit, values: nil, objective: nil, dualBound: nil, seconds: 0)
        }
        return try HiGHSSolver().solve(program, start: start, parameters: parameters)
    }
}

extension BoundaryRelaxationTests {
    /// When the LP runs out of time, the boundary relaxation is rounded in its place.
    @Test func theBoundaryRelaxationStandsInForAnUnfinishedLP() throws {
        let graph = TrainingGraph.random(forwardCount: 40, seed: 2)
        let budget = (graph.memoryLowerBound + graph.checkpointAllPeak()) / 2
        let columns = StageBoundaryRelaxation(graph: graph, budget: budget).program.columnCount
        let rounding = LPRounding(solver: SolvesSmallProgramsOnly(columnLimit: columns), repair: ScheduleAnnealing(starts: []))
        let lines = Mutex([String]())
        let options = SolveOptions(timeLimit: 8, progress: { line in lines.withLock { $0.append(line) } })
        let solution = try rounding.solve(graph, budget: budget, options: options)
        #expect(lines.withLock { $0 }.contains { $0.hasSuffix("the boundary relaxation stands in") })
        #expect(try graph.replay(solution.schedule) == solution.replay && solution.replay.peakMemory <= budget)
        let bound = try LPRounding(solver: HiGHSSolver()).lowerBound(graph, budget: budget, options: SolveOptions(), relaxation: .boundaries)
        #expect(abs(try #require(solution.stageFormBound).cost - bound.cost) <= 1e-6)
    }
}
