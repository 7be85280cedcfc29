/// The schedules a baseline tried, keeping the cheapest one that fits the budget.
///
/// Every candidate is replayed, so what a baseline returns is measured, not
/// estimated. Creating a search checks the budget with a ``PeakProof`` first
/// (the memory lower bound, then the search over live sets), so a budget
/// that nothing can meet is reported as
/// ``StrategyError/infeasible(budget:reason:)`` rather than as a miss.
struct CheapestFit {
    let graph: TrainingGraph
    let budget: Int
    let strategy: String
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private let timeLimit: Double?
    private var best: (schedule: Schedule, cost: Double, peak: Int)?
    /// The smallest peak among all candidates, fitting or not, and a schedule that has it.
    private(set) var leastPeak: Int?
    private var nearest: Schedule?

    /// The most nodes a graph may have for strategies built on ``StagePlan``,
    /// whose matrices take `nodes²` bytes each.
    static let stagePlanNodeLimit = 10_000

    /// Starts a search; `usesStagePlans` when its candidates are ``StagePlan``s;
    /// a strategy that tries many stops once `timeLimit` seconds have passed (``isPastTimeLimit``).
    ///
    /// - Throws: ``StrategyError/infeasible(budget:reason:)`` for a budget that
    ///   a ``PeakProof`` shows no schedule fits, ``StrategyError/unsupported(strategy:reason:)``
    ///   for a graph too large for stage plans.
    init(
        graph: TrainingGraph, budget: Int, strategy: String, usesStagePlans: Bool = true, timeLimit: Double? = nil
    ) throws(StrategyError) {
        try graph.checkBudget(budget)
        guard !usesStagePlans || graph.count <= Self.stagePlanNodeLimit else {
            throw .unsupported(strategy: strategy, reason: "it plans stage by stage in memory that grows with the square of the node count, and supports up to \(Self.stagePlanNodeLimit) nodes; this graph has \(graph.count)")
        }
        self.graph = graph
        self.budget = budget
        self.strategy = strategy
        self.start = clock.now
        self.timeLimit = timeLimit
    }

    /// When the time limit passes, if there is one.
    var deadline: ContinuousClock.Instant? { timeLimit.map { start + .seconds($0) } }

    /// Whether the time limit has passed: a strategy then tries no more candidates.
    var isPastTimeLimit: Bool { deadline.map { clock.now >= $0 } ?? false }

    /// Replays the schedule of `plan` and keeps it if it is the cheapest fit so far.
    @discardableResult
    mutating func consider(_ plan: StagePlan) throws(StrategyError) -> Replay {
        try consider(plan.schedule(for: graph))
    }

    /// Replays `schedule` and keeps it if it fits and is the cheapest so far
    /// (ties go to the lower peak).
    ///
    /// - Returns: the replay, for strategies that steer by peak or cost.
    /// - Throws: ``StrategyError/invalidSchedule(strategy:_:)`` if the replay rejects it.
    @discardableResult
    mutating func consider(_ schedule: Schedule) throws(StrategyError) -> Replay {
        let replay: Replay
        do {
            replay = try graph.replay(schedule)
        } catch {
            throw .invalidSchedule(strategy: strategy, error)
        }
        if replay.peakMemory < leastPeak ?? .max {
            (leastPeak, nearest) = (replay.peakMemory, schedule)
        }
        if replay.peakMemory <= budget {
            let better = best.map { (replay.cost, replay.peakMemory) < ($0.cost, $0.peak) } ?? true
            if better { best = (schedule, replay.cost, replay.peakMemory) }
        }
        return replay
    }

    /// The cheapest fitting schedule as ``solution()`` gives it, or, when none
    /// fit, the candidate with the least peak.
    func attempt() throws(StrategyError) -> Attempt {
        if best == nil, let nearest, let leastPeak { return .nearMiss(nearest, peak: leastPeak) }
        return .fits(try solution())
    }

    /// The cheapest fitting schedule as a ``Solution``.
    ///
    /// - Throws: ``StrategyError/timedOut(strategy:seconds:costLowerBound:stageFormBound:leastPeak:)`` when no
    ///   candidate fit by the time limit, ``StrategyError/doesNotFit(strategy:budget:leastPeak:)`` when
    ///   none fit at all.
    func solution() throws(StrategyError) -> Solution {
        guard let best else {
            if let timeLimit, isPastTimeLimit {
                throw .timedOut(strategy: strategy, seconds: timeLimit, costLowerBound: nil, stageFormBound: nil, leastPeak: leastPeak)
            }
            throw .doesNotFit(strategy: strategy, budget: budget, leastPeak: leastPeak)
        }
        return try Solution(graph: graph, schedule: best.schedule, strategy: strategy, budget: budget,
                            solveSeconds: (clock.now - start) / .seconds(1))
    }
}

extension TrainingGraph {
    /// Throws ``StrategyError/infeasible(budget:reason:)`` when a
    /// ``PeakProof`` shows that every schedule peaks above `budget`: below
    /// ``memoryLowerBound``, or above it by a search over live sets.
    func checkBudget(_ budget: Int) throws(StrategyError) {
        guard let proof = PeakProof(self, budget: budget) else { return }
        throw .infeasible(budget: budget, reason: proof.reason(in: self))
    }
}
