import Testing
import Checkmate
import Synchronization

/// A program estimated to take more than `SolveOptions.programMemoryLimit`
/// is never built: LP rounding says why, the MILP answers from its warm
/// starts and the search, and neither calls the solver.
@Suite struct ProgramSizeTests {
    /// A solver that counts its calls and solves nothing.
    final class CountingSolver: LinearSolver {
        let calls = Mutex(0)
        var name: String { "counting" }

        func solve(
            _ program: LinearProgram, start: [Double]?, parameters: SolverParameters
        ) throws(LinearSolverError) -> LinearSolution {
            calls.withLock { $0 += 1 }
            throw LinearSolverError("no solver here")
        }
    }

    let graph = TrainingGraph.random(forwardCount: 12, seed: 3)
    var budget: Int { (graph.memoryLowerBound + graph.checkpointAllPeak()) / 2 }

    @Test func lpRoundingRefusesAProgramOverTheLimit() {
        let solver = CountingSolver()
        let options = SolveOptions(programMemoryLimit: 1 << 20)
        #expect {
            try LPRounding(solver: solver).solve(graph, budget: budget, options: options)
        } throws: { error in
            guard case .unsupported(_, let reason) = error as? StrategyError else { return false }
            return reason.contains("columns") && reason.contains("1.0 MiB allowed")
        }
        #expect(solver.calls.withLock { $0 } == 0)
    }

    @Test func theMILPAnswersWithoutTheSolverOverTheLimit() throws {
        let solver = CountingSolver()
        let milp = MILPStrategy(solver: solver, warmStarts: Baselines.all + [ScheduleAnnealing()])
        let solution = try milp.solve(graph, budget: budget, options: SolveOptions(programMemoryLimit: 1 << 20))
        #expect(solver.calls.withLock { $0 } == 0)
        #expect(solution.replay.peakMemory <= budget)
        #expect(try graph.replay(solution.schedule) == solution.replay)
        // The same solve with room for the program calls the solver.
        _ = try? milp.solve(graph, budget: budget, options: SolveOptions(programMemoryLimit: 1 << 40))
        #expect(solver.calls.withLock { $0 } > 0)
    }
}
