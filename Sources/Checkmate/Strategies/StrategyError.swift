/// Why a strategy returned no schedule.
public enum StrategyError: Error, Hashable, Sendable {
    /// The strategy found no schedule within the budget; `leastPeak` is the
    /// smallest peak among the schedules it did find, if any.
    case doesNotFit(strategy: String, budget: Int, leastPeak: Int?)
    /// No schedule at all fits: the budget is below a bound that holds for every schedule.
    case infeasible(budget: Int, reason: String)
    /// The solver proved that no schedule of the stage form in its order
    /// fits, and none of the schedules `tried` (the warm starts) fits either;
    /// a schedule outside that form may still fit.
    case noStageFormSchedule(strategy: String, budget: Int, tried: [String])
    /// The solver ran out of time before it found any schedule that fits;
    /// `costLowerBound` is the bound it proved by then over every schedule,
    /// `stageFormBound` the one over its stage form, and `leastPeak` the
    /// smallest peak among the schedules it did find, if any.
    case timedOut(strategy: String, seconds: Double, costLowerBound: Double?, stageFormBound: StageFormBound?, leastPeak: Int? = nil)
    /// The strategy does not apply to this graph (for example, it has no forward part).
    case unsupported(strategy: String, reason: String)
    /// The solver backend failed.
    case solverFailure(String)
    /// A strategy produced a schedule that does not replay: a bug in the strategy.
    case invalidSchedule(strategy: String, ReplayError)
    /// A strategy's schedule costs less than a bound said to hold for it: a bug in the bound.
    case unsoundBound(strategy: String, bound: Double, cost: Double)
}

extension StrategyError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .doesNotFit(let strategy, let budget, let leastPeak):
            "\(strategy) found no schedule within \(ByteCount(budget))"
                + (leastPeak.map { "; its least peak is \(ByteCount($0))" } ?? "")
        case .infeasible(let budget, let reason):
            "no schedule fits in \(ByteCount(budget)): \(reason)"
        case .noStageFormSchedule(let strategy, let budget, let tried):
            "\(strategy) found no schedule within \(ByteCount(budget)): the solver proved that no schedule of its "
                + "stage form fits in its order of first computations"
                + (tried.isEmpty ? "" : ", and none that \(tried.joined(separator: ", ")) found fits")
                + "; a schedule outside that form may still fit"
        case .timedOut(let strategy, let seconds, let bound, let stageFormBound, let leastPeak):
            "\(strategy) found no schedule that fits within its \(seconds.compactDescription) s time limit; "
                + "this does not prove that none fits (a longer time limit may find one)"
                + (leastPeak.map { "; the least peak it found is \(ByteCount($0))" } ?? "")
                + (bound.map { ", and any that fits costs at least \($0.compactDescription)" } ?? "")
                + (stageFormBound.map { ", any of its stage form at least \($0.cost.compactDescription)" } ?? "")
        case .unsupported(let strategy, let reason):
            "\(strategy) does not apply to this graph: \(reason)"
        case .solverFailure(let reason):
            "the solver failed: \(reason)"
        case .invalidSchedule(let strategy, let error):
            "internal error: \(strategy) produced an invalid schedule (\(error))"
        case .unsoundBound(let strategy, let bound, let cost):
            "internal error: \(strategy) found a schedule of cost \(cost.compactDescription) below the lower bound "
                + "\(bound.compactDescription) said to hold for it"
        }
    }
}
