import CHiGHS
import Checkmate
import Foundation

/// One HiGHS instance kept across solves of a program whose bounds change
/// (``LinearSolverSession``): a solve loads the program only when its
/// structure differs from the loaded one, and otherwise passes HiGHS just
/// the column and row bounds that changed, so an LP re-solve starts from
/// the last basis.
///
/// HiGHS keeps one task scheduler per calling thread, sized by the first
/// solve on that thread. So that every solve may choose its own number of
/// threads, each runs on a thread of its own, which shuts its scheduler
/// down before it ends; the caller waits for it, up to the time limit and
/// ``overrun`` more. HiGHS checks for the limit only now and then (root
/// cut separation on a 100-node stage form ran 20 s past it), so a solve
/// still running then is left to its thread, which frees its instance when
/// HiGHS stops: the caller gets a time-out with no point, and the session
/// starts a new instance.
///
/// Invariant: `loaded` is the program `highs` holds (nil before the first
/// load); `lock` keeps solves one at a time.
final class HiGHSSession: LinearSolverSession, @unchecked Sendable {
    private let lock = NSLock()
    private var highs: UnsafeMutableRawPointer?
    private var loaded: LinearProgram?

    deinit {
        if let highs { Highs_destroy(highs) }
    }

    func solve(
        _ program: LinearProgram, start: [Double]?, parameters: SolverParameters
    ) throws(LinearSolverError) -> LinearSolution {
        precondition(start == nil || start!.count == program.columnCount, "a start needs one value per column")
        lock.lock()
        defer { lock.unlock() }
        let outcome = Outcome()
        let thread = Thread { [self] in
            let result = run(program, start: start, parameters: parameters, outcome: outcome)
            Highs_resetThreadScheduler(1)
            outcome.finish(result)
        }
        thread.stackSize = 64 << 20
        thread.start()
        if let limit = parameters.timeLimit.map({ max($0, 0) }),
           outcome.done.wait(timeout: .now() + limit + Self.overrun(of: limit)) == .timedOut {
            if outcome.abandonIfRunning() {
                (highs, loaded) = (nil, nil)
                return LinearSolution(
                    status: .timeLimit, values: nil, objective: nil, dualBound: nil, rowDuals: nil, seconds: limit)
            }
            outcome.done.wait()
        } else if parameters.timeLimit == nil {
            outcome.done.wait()
        }
        return try outcome.result!.get()
    }

    /// How long past its time limit a solve is waited for: a second, or a
    /// twentieth of the limit, up to five seconds.
    static func overrun(of limit: Double) -> Double {
        min(max(1, limit / 20), 5)
    }

    /// Where the solving thread leaves its result, or frees its instance
    /// when the caller has stopped waiting; `done` orders the write before
    /// the read.
    private final class Outcome: @unchecked Sendable {
        private let lock = NSLock()
        private var result_: Result<LinearSolution, LinearSolverError>?
        /// The instance in `Highs_run`, while it is.
        private var running: UnsafeMutableRawPointer?
        private var abandoned = false
        let done = DispatchSemaphore(value: 0)

        var result: Result<LinearSolution, LinearSolverError>? { lock.withLock { result_ } }
        var isAbandoned: Bool { lock.withLock { abandoned } }

        func start(_ highs: UnsafeMutableRawPointer) {
            lock.withLock { running = highs }
        }

        /// Gives the running instance to its thread; false when HiGHS is not running (loading, or done).
        func abandonIfRunning() -> Bool {
            lock.withLock {
                abandoned = running != nil
                return abandoned
            }
        }

        func finish(_ result: Result<LinearSolution, LinearSolverError>) {
            lock.withLock {
                if abandoned, let running { Highs_destroy(running) }
                (result_, running) = (result, nil)
            }
            done.signal()
        }
    }

    private func run(
        _ program: LinearProgram, start: [Double]?, parameters: SolverParameters, outcome: Outcome
    ) -> Result<LinearSolution, LinearSolverError> {
        if highs == nil { highs = Highs_create() }
        guard let highs else { return .failure(LinearSolverError("HiGHS could not start")) }
        _ = Highs_setBoolOptionValue(highs, "output_flag", 0)
        _ = Highs_setDoubleOptionValue(highs, "mip_rel_gap", parameters.relativeGap)
        _ = Highs_setDoubleOptionValue(highs, "time_limit", parameters.timeLimit.map { max($0, 0) } ?? .infinity)
        if let threads = parameters.threads { _ = Highs_setIntOptionValue(highs, "threads", HighsInt(threads)) }
        if let failure = load(program, into: highs) { return .failure(failure) }
        // An LP skips presolve, so that the duals where a time limit stops it are the program's own.
        _ = Highs_setStringOptionValue(highs, "presolve", program.hasIntegers ? "choose" : "off")
        if let start, program.hasIntegers {
            _ = start.withUnsafeBufferPointer { Highs_setSolution(highs, $0.baseAddress, nil, nil, nil) }
        }
        let monitor = HiGHSSolver.Monitor(
            progress: parameters.progress, timeLimit: parameters.timeLimit, isAbandoned: { outcome.isAbandoned })
        _ = Highs_setCallback(highs, HiGHSSolver.Monitor.callback, Unmanaged.passUnretained(monitor).toOpaque())
        for type in HiGHSSolver.Monitor.allCallbackTypes { _ = Highs_stopCallback(highs, type) }
        for type in monitor.callbackTypes { _ = Highs_startCallback(highs, type) }
        // HiGHS's clock, which its time limit reads, runs on across runs unless zeroed.
        _ = Highs_zeroAllClocks(highs)
        outcome.start(highs)
        let status = withExtendedLifetime(monitor) { Highs_run(highs) }
        guard status != kHighsStatusError || monitor.interrupted else {
            return .failure(LinearSolverError("HiGHS failed: \(Self.describe(Highs_getModelStatus(highs)))"))
        }
        return .success(Self.solution(of: highs, program: program, interrupted: monitor.interrupted))
    }

    /// Makes HiGHS hold `program`: its changed bounds when only they differ
    /// from the loaded program, else the whole program; nil on success.
    private func load(_ program: LinearProgram, into highs: UnsafeMutableRawPointer) -> LinearSolverError? {
        if let loaded, loaded.hasSameStructure(as: program) {
            self.loaded = program
            return Self.changeBounds(from: loaded, to: program, in: highs)
        }
        loaded = nil
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
        guard status != kHighsStatusError else { return LinearSolverError("HiGHS rejected the program") }
        loaded = program
        return nil
    }

    /// Passes HiGHS the column and row bounds of `new` that differ from `old`'s.
    private static func changeBounds(
        from old: LinearProgram, to new: LinearProgram, in highs: UnsafeMutableRawPointer
    ) -> LinearSolverError? {
        func changed(_ count: Int, _ oldLower: [Double], _ oldUpper: [Double], _ lower: [Double], _ upper: [Double])
            -> (set: [HighsInt], lower: [Double], upper: [Double]) {
            let set = (0..<count).filter { oldLower[$0] != lower[$0] || oldUpper[$0] != upper[$0] }
            return (set.map { HighsInt($0) }, set.map { lower[$0] }, set.map { upper[$0] })
        }
        let columns = changed(new.columnCount, old.lower, old.upper, new.lower, new.upper)
        let rows = changed(new.rowCount, old.rowLower, old.rowUpper, new.rowLower, new.rowUpper)
        let statuses = [
            columns.set.isEmpty ? kHighsStatusOk : Highs_changeColsBoundsBySet(
                highs, HighsInt(columns.set.count), columns.set, columns.lower, columns.upper),
            rows.set.isEmpty ? kHighsStatusOk : Highs_changeRowsBoundsBySet(
                highs, HighsInt(rows.set.count), rows.set, rows.lower, rows.upper),
        ]
        return statuses.contains(kHighsStatusError) ? LinearSolverError("HiGHS rejected the new bounds") : nil
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
        var rowDuals: [Double]?
        if !program.hasIntegers {
            var y = Array(repeating: 0.0, count: program.rowCount)
            let read = y.withUnsafeMutableBufferPointer { Highs_getSolution(highs, nil, nil, nil, $0.baseAddress) }
            if read != kHighsStatusError { rowDuals = y }
        }
        if program.hasIntegers {
            var bound = -Double.infinity
            if Highs_getDoubleInfoValue(highs, "mip_dual_bound", &bound) == kHighsStatusOk, bound.isFinite {
                dualBound = bound
            }
        } else if status == .optimal {
            dualBound = objective
        }
        return LinearSolution(
            status: status, values: values, objective: objective, dualBound: dualBound, rowDuals: rowDuals,
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
