import Checkmate
import Synchronization

/// A running sweep's ``SweepProgress`` on a clock, shared by the workers
/// that report cases and a timer that prints the line now and then.
///
///     let monitor = SweepMonitor(sweep)
///     let table = try sweep.run(recordingWith: recorder, monitor: monitor) { print($0) }
public final class SweepMonitor: Sendable {
    private let progress: Mutex<SweepProgress>
    private let start = ContinuousClock.now

    public init(_ sweep: BudgetSweep) {
        progress = Mutex(SweepProgress(strategies: sweep.strategies.map(\.name), budgets: sweep.budgets,
                                       workers: sweep.workers, referencePeak: sweep.referencePeak))
    }

    /// Seconds since the monitor was made.
    public var elapsed: Double {
        (ContinuousClock.now - start) / .seconds(1)
    }

    /// Notes `event`; returns the progress line when it finishes a case.
    public func note(_ event: BudgetSweep.Event) -> String? {
        let now = elapsed
        return progress.withLock { progress in
            switch event {
            case .started(let strategy, let budget):
                progress.start(strategy: strategy, budget: budget, at: now)
                return nil
            case .finished(let row, _, _):
                progress.finish(row, at: now)
                return progress.line(at: now)
            }
        }
    }

    /// The progress line now.
    public func line() -> String {
        let now = elapsed
        return progress.withLock { $0.line(at: now) }
    }
}

extension BudgetSweep {
    /// Runs the sweep, recording each case with `recorder` as it finishes
    /// and sending `log` a progress line per case (and the error of any case
    /// that failed); then finishes the recorder.
    ///
    /// - Returns: the table and the files ``SweepRecorder/finish()`` wrote.
    /// - Throws: the first ``SweepOutputError``; rows after it are not written.
    public func run(
        recordingWith recorder: SweepRecorder, monitor: SweepMonitor, log: @Sendable (String) -> Void
    ) throws(SweepOutputError) -> (table: SweepTable, files: [String]) {
        let failure = Mutex<SweepOutputError?>(nil)
        _ = run { event in
            if case .finished(let row, let solution, let error) = event {
                if row.status == .failed, let error { log("sweep: \(row.strategy) at \(row.budget) B: \(error)") }
                if failure.withLock({ $0 == nil }) {
                    do throws(SweepOutputError) {
                        try recorder.record(row, solution: solution)
                    } catch {
                        failure.withLock { $0 = error }
                    }
                }
            }
            if let line = monitor.note(event) { log(line) }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        return try recorder.finish()
    }
}
