import CHiGHS
import Checkmate

extension HiGHSSolver {
    /// Turns HiGHS's MIP callbacks into ``SolverProgress`` reports: every new
    /// best point, and the bounds at most every `interval` seconds.
    final class ProgressRelay {
        let progress: @Sendable (SolverProgress) -> Void
        let interval = 10.0
        var lastReport = 0.0

        init(_ progress: @escaping @Sendable (SolverProgress) -> Void) {
            self.progress = progress
        }

        static let callback: HighsCCallbackType = { type, _, out, _, context in
            guard let out = out?.pointee, let context else { return }
            let relay = Unmanaged<ProgressRelay>.fromOpaque(context).takeUnretainedValue()
            let improved = type == Int32(kHighsCallbackMipImprovingSolution)
            guard improved || out.running_time - relay.lastReport >= relay.interval else { return }
            relay.lastReport = out.running_time
            relay.progress(SolverProgress(
                seconds: out.running_time,
                objective: out.mip_primal_bound.isFinite ? out.mip_primal_bound : nil,
                dualBound: out.mip_dual_bound.isFinite ? out.mip_dual_bound : nil,
                isImprovement: improved))
        }
    }
}
