/// What a ``NearMissReporting`` strategy's attempt gave: a solution that
/// fits, or, when nothing it tried fit, the replayed schedule with the
/// lowest peak.
public enum Attempt: Sendable {
    case fits(Solution)
    case nearMiss(Schedule, peak: Int)
}
