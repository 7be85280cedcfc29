/// Why a strategy returned no schedule.
public enum StrategyError: Error, Hashable, Sendable {
    /// The strategy found no schedule within the budget; `leastPeak` is the
    /// smallest peak among the schedules it did find, if any.
    case doesNotFit(strategy: String, budget: Int, leastPeak: Int?)
    /// No schedule of any strategy can fit: the budget is below a proven lower bound.
    case infeasible(budget: Int, reason: String)
    /// The solver ran out of time before it found any schedule that fits;
    /// `costLowerBound` is the bound it proved by then, if any.
    case timedOut(strategy: String, seconds: Double, costLowerBound: Double?)
    /// The strategy does not apply to this graph (for example, it has no forward part).
    case unsupported(strategy: String, reason: String)
    /// The solver backend failed.
    case solverFailure(String)
    /// A strategy produced a schedule that does not replay: a bug in the strategy.
    case invalidSchedule(strategy: String, ReplayError)
}

extension StrategyError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .doesNotFit(let strategy, let budget, let leastPeak):
            "\(strategy) found no schedule within \(ByteCount(budget))"
                + (leastPeak.map { "; its least peak is \(ByteCount($0))" } ?? "")
        case .infeasible(let budget, let reason):
            "no schedule fits in \(ByteCount(budget)): \(reason)"
        case .timedOut(let strategy, let seconds, let bound):
            "\(strategy) found no schedule that fits within its \(seconds.compactDescription) s time limit; "
                + "this does not prove that none fits (a longer time limit may find one)"
                + (bound.map { ", and any that fits costs at least \($0.compactDescription)" } ?? "")
        case .unsupported(let strategy, let reason):
            "\(strategy) does not apply to this graph: \(reason)"
        case .solverFailure(let reason):
            "the solver failed: \(reason)"
        case .invalidSchedule(let strategy, let error):
            "internal error: \(strategy) produced an invalid schedule (\(error))"
        }
    }
}
