/// A schedule a strategy returned, with the replay that measured it and the
/// bounds proven on its cost, each with the schedules it covers.
///
/// Invariant: `replay` is the graph's replay of `schedule`, its peak is
/// within `budget`, and its cost is at least `costLowerBound` (a bound over
/// every schedule); the only way to make a solution is through that replay.
/// `optimalAmong` is derived from those bounds and names a family that
/// contains the schedule: a bound proves nothing about a schedule outside its scope.
public struct Solution: Hashable, Sendable {
    public let strategy: String
    public let budget: Int
    public let schedule: Schedule
    public let replay: Replay
    /// The best lower bound proven on the cost of every schedule within the
    /// budget: ``TrainingGraph/costLowerBound(budget:)`` at least.
    public let costLowerBound: Double
    /// The best lower bound proven on the stage-form schedules in one order,
    /// if the strategy proved one; it need not hold for `schedule`.
    public let stageFormBound: StageFormBound?
    /// The family among whose schedules `replay.cost` is proven optimal (nil: not proven).
    public let optimalAmong: ScheduleFamily?
    public var solveSeconds: Double

    /// Replays `schedule` on `graph` and keeps it if it is valid and fits `budget`.
    ///
    /// - Parameters:
    ///   - graph: the graph the schedule is for.
    ///   - schedule: the schedule, in `graph`'s node indices.
    ///   - strategy: the name of the strategy that found it.
    ///   - budget: the budget in bytes it must fit.
    ///   - costLowerBound: a bound over all schedules within the budget (nil:
    ///     ``TrainingGraph/costLowerBound(budget:)``); the larger of the two is kept.
    ///   - stageFormBound: a bound over the stage form in one order.
    ///   - inStageForm: whether the schedule is of that stage form, so that
    ///     the bound holds for it and can prove it optimal there.
    ///   - solveSeconds: how long the strategy took.
    /// - Throws: ``StrategyError/invalidSchedule(strategy:_:)`` when the replay
    ///   rejects it, ``StrategyError/doesNotFit(strategy:budget:leastPeak:)``
    ///   when it peaks over `budget`, ``StrategyError/unsoundBound(strategy:bound:cost:)``
    ///   when the schedule costs less than a bound said to hold for it.
    public init(
        graph: TrainingGraph, schedule: Schedule, strategy: String, budget: Int,
        costLowerBound: Double? = nil, stageFormBound: StageFormBound? = nil,
        inStageForm: Bool = false, solveSeconds: Double = 0
    ) throws(StrategyError) {
        let replay: Replay
        do {
            replay = try graph.replay(schedule)
        } catch {
            throw .invalidSchedule(strategy: strategy, error)
        }
        guard replay.peakMemory <= budget else {
            throw .doesNotFit(strategy: strategy, budget: budget, leastPeak: replay.peakMemory)
        }
        // Never nil: the schedule fits, so the budget is at least the memory lower bound.
        let bound = max(costLowerBound ?? 0, graph.costLowerBound(budget: budget) ?? graph.totalCost)
        guard !Self.exceeds(bound, replay.cost) else {
            throw .unsoundBound(strategy: strategy, bound: bound, cost: replay.cost)
        }
        let stage = inStageForm ? stageFormBound : nil
        if let stage, Self.exceeds(stage.cost, replay.cost) {
            throw .unsoundBound(strategy: strategy, bound: stage.cost, cost: replay.cost)
        }
        self.strategy = strategy
        self.budget = budget
        self.schedule = schedule
        self.replay = replay
        self.costLowerBound = bound
        self.stageFormBound = stageFormBound
        if Self.meets(replay.cost, bound: bound) {
            self.optimalAmong = .allSchedules
        } else if let stage, Self.meets(replay.cost, bound: stage.cost) {
            self.optimalAmong = .stageForm
        } else {
            self.optimalAmong = nil
        }
        self.solveSeconds = solveSeconds
    }

    /// True when the cost is proven optimal in some family that contains the schedule.
    public var isOptimal: Bool { optimalAmong != nil }

    /// Replay cost over `sum(c_v)`.
    public func overhead(in graph: TrainingGraph) -> Double {
        replay.overhead(in: graph)
    }

    /// The relative gap between the cost and the bound over all schedules.
    public var gap: Double {
        Self.gap(replay.cost, bound: costLowerBound)
    }

    /// The relative gap between the cost and the stage-form bound, when
    /// there is one; negative when the schedule lies outside that form and
    /// beats it.
    public var stageFormGap: Double? {
        stageFormBound.map { Self.gap(replay.cost, bound: $0.cost) }
    }

    /// The largest relative gap between a cost and its bound that still
    /// counts as proven optimal: the gap at which a solver stops by default.
    public static let optimalityTolerance = SolverParameters.defaultRelativeGap

    /// True when `cost` is within ``optimalityTolerance`` of `bound`.
    public static func meets(_ cost: Double, bound: Double) -> Bool {
        cost - bound <= optimalityTolerance * max(cost, 1e-12)
    }

    private static func gap(_ cost: Double, bound: Double) -> Double {
        cost > 0 ? (cost - bound) / cost : 0
    }

    /// True when `bound` is above `cost` by more than rounding.
    private static func exceeds(_ bound: Double, _ cost: Double) -> Bool {
        bound - cost > 1e-9 * max(abs(cost), 1)
    }
}

/// A family of schedules within which a cost can be proven optimal.
public enum ScheduleFamily: String, Hashable, Sendable, CaseIterable {
    /// Every schedule of the graph.
    case allSchedules = "all-schedules"
    /// The stage form of Checkmate's formulation in one order of first computations.
    case stageForm = "stage-form"
}

/// A lower bound on the cost of the stage-form schedules (Checkmate's
/// formulation) that first compute the nodes in `order`.
public struct StageFormBound: Hashable, Sendable {
    /// No stage-form schedule in `order` within the budget costs less.
    public var cost: Double
    /// The order of first computations, as node indices of the solution's graph.
    public var order: [Int]

    public init(cost: Double, order: [Int]) {
        self.cost = cost
        self.order = order
    }
}
