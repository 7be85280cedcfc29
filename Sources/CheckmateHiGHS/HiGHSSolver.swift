import CHiGHS
import Checkmate
import Foundation

/// A ``LinearSolver`` backed by HiGHS (Huangfu and Hall; MIT licence)
/// through its C API: dual simplex for LPs, branch and cut for MILPs.
///
/// HiGHS keeps one task scheduler per calling thread, sized by the first
/// solve on that thread. So that every solve may choose its own number of
/// threads, each runs on a thread of its own, which shuts its scheduler
/// down before it ends; the caller waits for it. A ``Monitor`` on HiGHS's
/// callbacks reports progress and stops the solve at the time limit.
///
/// Invariant: no HiGHS instance outlives the call that made it.
///
///     let solution = try HiGHSSolver().solve(program, start: nil, parameters: SolverParameters(timeLimit: 60))
public struct HiGHSSolver: LinearSolver {
    public init() {}

    public var name: String { "HiGHS \(String(cString: Highs_version()))" }

    public func solve(
        _ program: LinearProgram, start: [Double]?, parameters: SolverParameters
    ) throws(LinearSolverError) -> LinearSolution {
        precondition(start == nil || start!.count == program.columnCount, "a start needs one value per column")
        let outcome = Outcome()
        let thread = Thread {
            outcome.result = Self.run(program, start: start, parameters: parameters)
            Highs_resetThreadScheduler(1)
            outcome.done.signal()
        }
        thread.stackSize = 64 << 20
        thread.start()
        outcome.done.wait()
        return try outcome.result!.get()
    }

    /// Where the solving thread leaves its result; `done` orders the write before the read.
    private final class Outcome: @unchecked Sendable {
        var result: Result<LinearSolution, LinearSolverError>?
        let done = DispatchSemaphore(value: 0)
    }

    private static func run(
        _ program: LinearProgram, start: [Double]?, parameters: SolverParameters
    ) -> Result<LinearSolution, LinearSolverError> {
        guard let highs = Highs_create() else { return .failure(LinearSolverError("HiGHS could not start")) }
        defer { Highs_destroy(highs) }
        _ = Highs_setBoolOptionValue(highs, "output_flag", 0)
        _ = Highs_setDoubleOptionValue(highs, "mip_rel_gap", parameters.relativeGap)
        if let limit = parameters.timeLimit { _ = Highs_setDoubleOptionValue(highs, "time_limit", max(limit, 0)) }
        if let threads = parameters.threads { _ = Highs_setIntOptionValue(highs, "threads", HighsInt(threads)) }
        if let failure = pass(program, to: highs) { return .failure(failure) }
        if let start, program.hasIntegers {
            _ = start.withUnsafeBufferPointer { Highs_setSolution(highs, $0.baseAddress, nil, nil, nil) }
        }
        let monitor = Monitor(progress: parameters.progress, timeLimit: parameters.timeLimit)
        _ = Highs_setCallback(highs, Monitor.callback, Unmanaged.passUnretained(monitor).toOpaque())
        for type in monitor.callbackTypes { _ = Highs_startCallback(highs, type) }
        let status = withExtendedLifetime(monitor) { Highs_run(highs) }
        guard status != kHighsStatusError || monitor.interrupted else {
            return .failure(LinearSolverError("HiGHS failed: \(describe(Highs_getModelStatus(highs)))"))
        }
        return .success(solution(of: highs, program: program, interrupted: monitor.interrupted))
    }

    /// Hands the program to HiGHS in row-wise form; nil on success.
    private static func pass(_ program: LinearProgram, to highs: UnsafeMutableRawPointer) -> LinearSolverError? {
        guard program.nonzeroCount < Int(Int32.max) else {
            return LinearSolverError("the program has \(program.nonzeroCount) entries, more than HiGHS takes")
        }
        let starts = program.rowStarts.map { HighsInt($0) }
        let columns = program.rowColumns.map { HighsInt($0) }
        let integrality = program.isInteger.map { $0 ? kHighsVarTypeInteger : kHighsVarTypeContinuous }
        let status = starts.withUnsafeBufferPointer { starts in
            columns.withUnsafeBufferPointer { columns in
                Highs_passMip(
                    highs, HighsInt(program.columnCount), HighsInt(program.rowCount), HighsInt(program.nonzeroCount),
                    kHighsMatrixFormatRowwise, kHighsObjSenseMinimize, program.objectiveOffset,
                    program.objective, program.lower, program.upper, program.rowLower, program.rowUpper,
                    starts.baseAddress, columns.baseAddress, program.rowCoefficients, integrality)
            }
        }
        return status == kHighsStatusError ? LinearSolverError("HiGHS rejected the program") : nil
    }

    private static func solution(
        of highs: UnsafeMutableRawPointer, program: LinearProgram, interrupted: Bool
    ) -> LinearSolution {
        let modelStatus = Highs_getModelStatus(highs)
        let status: LinearSolution.Status
        switch modelStatus {
        case kHighsModelStatusOptimal: status = .optimal
        case kHighsModelStatusTimeLimit: status = .timeLimit
        case kHighsModelStatusInterrupt where interrupted: status = .timeLimit
        case kHighsModelStatusInfeasible, kHighsModelStatusUnboundedOrInfeasible: status = .infeasible
        case kHighsModelStatusUnbounded: status = .unbounded
        default: status = .other(describe(modelStatus))
        }
        var primalStatus: HighsInt = kHighsSolutionStatusNone
        _ = Highs_getIntInfoValue(highs, "primal_solution_status", &primalStatus)
        var values: [Double]?
        var objective: Double?
        if primalStatus == kHighsSolutionStatusFeasible {
            var x = Array(repeating: 0.0, count: program.columnCount)
            _ = x.withUnsafeMutableBufferPointer { Highs_getSolution(highs, $0.baseAddress, nil, nil, nil) }
            values = x
            var value = 0.0
            _ = Highs_getDoubleInfoValue(highs, "objective_function_value", &value)
            objective = value
        }
        var dualBound: Double?
        if program.hasIntegers {
            var bound = -Double.infinity
            if Highs_getDoubleInfoValue(highs, "mip_dual_bound", &bound) == kHighsStatusOk, bound.isFinite {
                dualBound = bound
            }
        } else if status == .optimal {
            dualBound = objective
        }
        return LinearSolution(
            status: status, values: values, objective: objective, dualBound: dualBound,
            seconds: Highs_getRunTime(highs))
    }

    private static func describe(_ modelStatus: HighsInt) -> String {
        let names: [HighsInt: String] = [
            kHighsModelStatusNotset: "not set", kHighsModelStatusLoadError: "load error",
            kHighsModelStatusModelError: "model error", kHighsModelStatusPresolveError: "presolve error",
            kHighsModelStatusSolveError: "solve error", kHighsModelStatusPostsolveError: "postsolve error",
            kHighsModelStatusModelEmpty: "empty model", kHighsModelStatusObjectiveBound: "objective bound reached",
            kHighsModelStatusObjectiveTarget: "objective target reached",
            kHighsModelStatusIterationLimit: "iteration limit", kHighsModelStatusUnknown: "unknown",
            kHighsModelStatusSolutionLimit: "solution limit", kHighsModelStatusInterrupt: "interrupted",
            kHighsModelStatusMemoryLimit: "out of memory",
        ]
        return names[modelStatus] ?? "model status \(modelStatus)"
    }
}
