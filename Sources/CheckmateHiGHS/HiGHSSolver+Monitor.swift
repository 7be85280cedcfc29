import CHiGHS
import Checkmate

extension HiGHSSolver {
    /// Watches a solve through HiGHS's callbacks: reports every new best
    /// point and, at most every `interval` seconds, the bounds; and stops the
    /// solve at `deadline`, since HiGHS checks its own time limit only now
    /// and then (it can run on well past it while it solves a large LP).
    final class Monitor {
        let progress: (@Sendable (SolverProgress) -> Void)?
        let deadline: ContinuousClock.Instant?
        let interval = 10.0
        var lastReport = 0.0
        /// True once the monitor has stopped the solve.
        var interrupted = false
        /// Whether the caller has stopped waiting: then nothing is reported.
        let isAbandoned: @Sendable () -> Bool

        init(progress: (@Sendable (SolverProgress) -> Void)?, timeLimit: Double?, isAbandoned: @escaping @Sendable () -> Bool) {
            self.progress = progress
            self.deadline = timeLimit.map { .now + .seconds(max($0, 0)) }
            self.isAbandoned = isAbandoned
        }

        /// Every callback a monitor may start.
        static let allCallbackTypes = [
            kHighsCallbackMipImprovingSolution, kHighsCallbackSimplexInterrupt, kHighsCallbackIpmInterrupt,
            kHighsCallbackMipInterrupt,
        ]

        /// The callbacks to start.
        var callbackTypes: [HighsInt] {
            (progress == nil ? [] : [kHighsCallbackMipImprovingSolution])
                + (deadline == nil ? [] : [kHighsCallbackSimplexInterrupt, kHighsCallbackIpmInterrupt])
                + [kHighsCallbackMipInterrupt]
        }

        static let callback: HighsCCallbackType = { type, _, out, input, context in
            guard let context else { return }
            let monitor = Unmanaged<Monitor>.fromOpaque(context).takeUnretainedValue()
            if let deadline = monitor.deadline, ContinuousClock.now >= deadline, let input,
               type != Int32(kHighsCallbackMipImprovingSolution) {
                input.pointee.user_interrupt = 1
                monitor.interrupted = true
            }
            guard let progress = monitor.progress, !monitor.isAbandoned(), let out = out?.pointee,
                  type == Int32(kHighsCallbackMipImprovingSolution) || type == Int32(kHighsCallbackMipInterrupt)
            else { return }
            let improved = type == Int32(kHighsCallbackMipImprovingSolution)
            guard improved || out.running_time - monitor.lastReport >= monitor.interval else { return }
            monitor.lastReport = out.running_time
            progress(SolverProgress(
                seconds: out.running_time,
                objective: out.mip_primal_bound.isFinite ? out.mip_primal_bound : nil,
                dualBound: out.mip_dual_bound.isFinite ? out.mip_dual_bound : nil,
                isImprovement: improved))
        }
    }
}
