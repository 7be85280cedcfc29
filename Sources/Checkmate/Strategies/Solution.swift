/// A schedule a strategy returned, with the replay that measured it.
///
/// Invariant: `replay` is the graph's replay of `schedule`, and its peak is
/// within `budget`; the only way to make a solution is through that replay.
public struct Solution: Hashable, Sendable {
    public let strategy: String
    public let budget: Int
    public let schedule: Schedule
    public let replay: Replay
    /// The best proven lower bound on the cost at this budget.
    public let costLowerBound: Double
    /// True only when a solver proved `replay.cost` optimal at this budget.
    public let isOptimal: Bool
    public var solveSeconds: Double

    /// Replays `schedule` on `graph` and keeps it if it is valid and fits `budget`.
    ///
    /// - Throws: ``StrategyError/invalidSchedule(strategy:_:)`` when the replay
    ///   rejects it, ``StrategyError/doesNotFit(strategy:budget:leastPeak:)`` when it peaks over `budget`.
    public init(
        graph: TrainingGraph, schedule: Schedule, strategy: String, budget: Int,
        costLowerBound: Double? = nil, isOptimal: Bool = false, solveSeconds: Double = 0
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
        self.strategy = strategy
        self.budget = budget
        self.schedule = schedule
        self.replay = replay
        self.costLowerBound = min(costLowerBound ?? graph.costLowerBound, replay.cost)
        self.isOptimal = isOptimal
        self.solveSeconds = solveSeconds
    }

    /// Replay cost over `sum(c_v)`.
    public func overhead(in graph: TrainingGraph) -> Double {
        replay.overhead(in: graph)
    }

    /// The relative gap between the cost and its lower bound.
    public var gap: Double {
        replay.cost > 0 ? (replay.cost - costLowerBound) / replay.cost : 0
    }
}
