import Testing
import Checkmate
import Synchronization

/// Programs the solver cannot hold or finish. One estimated to take more
/// than `SolveOptions.programMemoryLimit` is never built: LP rounding says
/// why, the MILP answers from its warm starts and the search, and neither
/// calls the solver. An LP that runs out of time leaves LP rounding's repair
/// the rest.
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
        // 64 KiB: below the stage form's program and the moment relaxation's (24 columns at the estimate's 2.7 KB).
        let solution = try milp.solve(graph, budget: budget, options: SolveOptions(programMemoryLimit: 1 << 16))
        #expect(solver.calls.withLock { $0 } == 0)
        #expect(solution.replay.peakMemory <= budget)
        #expect(try graph.replay(solution.schedule) == solution.replay)
        // The same solve with room for the program calls the solver.
        _ = try? milp.solve(graph, budget: budget, options: SolveOptions(programMemoryLimit: 1 << 40))
        #expect(solver.calls.withLock { $0 } > 0)
    }

    /// A solver whose every solve runs out of time with nothing.
    struct TimingOutSolver: LinearSolver {
        var name: String { "timing out" }

        func solve(
            _ program: LinearProgram, start: [Double]?, parameters: SolverParameters
        ) throws(LinearSolverError) -> LinearSolution {
            LinearSolution(status: .timeLimit, values: nil, objective: nil, dualBound: nil, seconds: parameters.timeLimit ?? 0)
        }
    }

    /// When its LP does not finish, LP rounding with a repair searches from
    /// nothing for the time left; the paper's algorithm has nothing to round.
    @Test func anUnfinishedLPLeavesTheTimeToTheRepair() throws {
        let options = SolveOptions(timeLimit: 2)
        let repaired = try LPRounding(solver: TimingOutSolver(), repair: ScheduleAnnealing(starts: []))
            .solve(graph, budget: budget, options: options)
        #expect(try graph.replay(repaired.schedule) == repaired.replay && repaired.replay.peakMemory <= budget)
        #expect(repaired.optimalAmong != .stageForm)
        #expect {
            try LPRounding(solver: TimingOutSolver()).solve(graph, budget: budget, options: options)
        } throws: { error in
            if case .timedOut = error as? StrategyError { true } else { false }
        }
    }
}
