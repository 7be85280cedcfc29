import Dispatch
import Foundation
import Synchronization

/// Simulated annealing over the schedule itself (`SequenceAnnealer`, after
/// FastSA, Imanishi et al., NeurIPS 2023): the compute steps, in any order of
/// first computations, with every output freed after its last read.
///
/// It starts from the cheapest schedule that fits among those of `starts`
/// (``DynamicRematerialization`` and ``Rotor`` by default) and checkpoint-all in the
/// graph's and the low-peak order, or, when none fits, from the one with the
/// lowest peak: the walk then first works the overflow down, which makes it
/// a feasibility phase for budgets near the memory lower bound. When a
/// quarter of the time does not fit, it tries the steps that the search over
/// live sets builds within the budget
/// (``TrainingGraph/stepsWithin(budget:effort:deadline:)``).
///
/// Invariant: the result is replayed, fits the budget and never costs more
/// than the best start that fits; it is optimal only when it meets the bound
/// over all schedules (``TrainingGraph/costLowerBound(budget:)``), where the
/// walks stop.
///
///     let solution = try ScheduleAnnealing().solve(graph, budget: budget, options: SolveOptions(timeLimit: 10))
public struct ScheduleAnnealing: NearMissReporting {
    public var name: String { "annealing" }
    public var summary: String {
        "simulated annealing over the schedule itself (FastSA, Imanishi et al. 2023), any order of first computations"
    }

    /// Strategies whose schedules may start the walk.
    public var starts: [any Strategy]
    /// Seconds to anneal when the options set no time limit.
    public var defaultSeconds: Double
    /// Proposals per run when set (the run still stops at the time limit),
    /// so that a seeded run repeats exactly.
    public var steps: Int?

    /// The share of the time the feasibility phase may take when no start fits.
    static let feasibilityShare = 1.0
    /// The share of the time the feasibility phase takes before the search over live sets builds a schedule.
    static let chainsAfterShare = 0.25
    /// Proposals of the feasibility phase's first walk; each next one makes twice as many.
    static let feasibilitySteps = 10_000

    public init(starts: [any Strategy] = [DynamicRematerialization(), Rotor()], defaultSeconds: Double = 10, steps: Int? = nil) {
        self.starts = starts
        self.defaultSeconds = defaultSeconds
        self.steps = steps
    }

    /// Proposals per node when the options set no time limit (still at most ``defaultSeconds``).
    static let defaultStepsPerNode = 500

    public func solve(_ graph: TrainingGraph, budget: Int, options: SolveOptions) throws(StrategyError) -> Solution {
        try Self.solution(of: attempt(graph, budget: budget, options: options), budget: budget, strategy: name)
    }

    /// ``solve(_:budget:options:)``'s solution, or the sequence of least peak
    /// the feasibility phase reached when nothing fits.
    public func attempt(_ graph: TrainingGraph, budget: Int, options: SolveOptions) throws(StrategyError) -> Attempt {
        // The proof that no schedule fits, when the search finds one, counts in the time.
        let began = ContinuousClock.now
        try graph.checkBudget(budget)
        var schedules: [Schedule] = []
        for strategy in starts {
            var limited = options
            limited.progress = nil
            limited.timeLimit = (options.timeLimit ?? defaultSeconds) / 4
            if let reporting = strategy as? any NearMissReporting {
                switch try? reporting.attempt(graph, budget: budget, options: limited) {
                case .fits(let solution): schedules.append(solution.schedule)
                case .nearMiss(let schedule, _): schedules.append(schedule)
                case nil: break
                }
            } else if let solution = try? strategy.solve(graph, budget: budget, options: limited) {
                schedules.append(solution.schedule)
            }
        }
        var options = options
        options.timeLimit = options.timeLimit.map { max($0 - (ContinuousClock.now - began) / .seconds(1), 0) }
        let attempt = try improvement(of: schedules, on: graph, budget: budget, options: options)
        guard case .fits(var solution) = attempt else { return attempt }
        solution.solveSeconds = (ContinuousClock.now - began) / .seconds(1)
        return .fits(solution)
    }

    /// The cheapest schedule the walk finds from the cheapest of
    /// `schedules` that fits, or of checkpoint-all in the graph's and the
    /// low-peak order, or, when none fits, from the one with the lowest
    /// peak after a feasibility phase of at most `feasibilityShare` of the time.
    /// `costLowerBound`, a bound on every schedule within the budget that the
    /// caller has proven (a ``MomentRelaxation``'s, say), stops the walks when
    /// they meet it, and the solution reports it.
    ///
    /// - Throws: ``StrategyError/doesNotFit(strategy:budget:leastPeak:)`` when
    ///   nothing fits by the end of the feasibility phase.
    public func improve(
        _ schedules: [Schedule], on graph: TrainingGraph, budget: Int, options: SolveOptions, costLowerBound: Double? = nil
    ) throws(StrategyError) -> Solution {
        try Self.solution(
            of: improvement(of: schedules, on: graph, budget: budget, options: options, costLowerBound: costLowerBound),
            budget: budget, strategy: name)
    }

    /// ``improve(_:on:budget:options:)``'s solution, or, when nothing fits by
    /// the end of the feasibility phase, the sequence of least peak it reached
    /// (or was given) as a schedule.
    public func improvement(
        of schedules: [Schedule], on graph: TrainingGraph, budget: Int, options: SolveOptions, costLowerBound: Double? = nil
    ) throws(StrategyError) -> Attempt {
        // The proof that no schedule fits, when the search finds one, counts in the time.
        let began = ContinuousClock.now
        try graph.checkBudget(budget)
        let seconds = options.timeLimit ?? defaultSeconds
        let deadline = began + .seconds(seconds)
        let steps = options.timeLimit == nil ? self.steps ?? Self.defaultStepsPerNode * graph.count : self.steps
        let candidates = [Array(graph.nodes.indices), graph.lowPeakOrder] + schedules.map { ComputeSequence(schedule: $0).nodes }
        var evaluator = SequenceEvaluator(graph: graph, budget: budget)
        let measured = candidates.map { evaluator.measure($0)! }
        let fitting = measured.indices.filter { measured[$0].fits }
        var start = fitting.min { measured[$0].cost < measured[$1].cost }.map { candidates[$0] }
        var leastPeak = measured.indices.min { measured[$0].peak < measured[$1].peak }.map { (sequence: candidates[$0], peak: measured[$0].peak) }!
        // Without a time limit a run is counted in proposals, one chain's.
        let chains = options.timeLimit == nil ? 1 : max(1, options.threads ?? ProcessInfo.processInfo.activeProcessorCount)
        // The feasibility phase, when nothing fits: from the lowest peak, anneal the overflow away. A
        // walk that fits does so soon or gets stuck, so walks restart, each twice as long, from the
        // lowest peak found so far. Counted in proposals too when the run is (as many as the run's own).
        var attempt = 0
        var proposals = 0
        func feasibilityPhase(until end: ContinuousClock.Instant, proposals limit: Int?) {
            while start == nil, ContinuousClock.now < end, limit.map({ proposals < $0 }) ?? true {
                let phase = Self.anneal(
                    from: leastPeak.sequence, evaluator: evaluator, chains: chains,
                    seed: options.seed &+ UInt64(attempt * chains), until: end,
                    steps: Self.feasibilitySteps << min(attempt, 20), untilFits: true)
                start = phase.best?.sequence
                if phase.leastPeak.peak < leastPeak.peak { leastPeak = phase.leastPeak }
                proposals += phase.proposals
                attempt += 1
            }
        }
        if start == nil {
            // First a share of the phase; then the search over live sets, whose schedules compute each
            // sink from nothing (they fit, but recompute much); then the rest of the phase.
            feasibilityPhase(until: began + .seconds(seconds * Self.chainsAfterShare), proposals: steps.map { $0 / 4 })
            if start == nil, ContinuousClock.now < deadline, let chained = graph.stepsWithin(budget: budget, deadline: deadline),
               let measure = evaluator.measure(chained), measure.fits {
                options.progress?("\(name): chains of live sets, one per sink, fit "
                    + "(\(chained.count) steps, cost \(measure.cost.compactDescription))")
                start = chained
            }
            feasibilityPhase(until: began + .seconds(seconds * Self.feasibilityShare), proposals: steps)
            options.progress?("\(name): feasibility phase, \(attempt) walks, \(proposals) proposals, least peak \(ByteCount(leastPeak.peak))")
        }
        guard let start else {
            return .nearMiss(ComputeSequence(nodes: leastPeak.sequence).schedule(for: graph), peak: leastPeak.peak)
        }
        options.progress?("\(name): starts at cost \(evaluator.measure(start)!.cost.compactDescription), \(chains) chains")
        // A schedule that meets the bound over all schedules is optimal: the walks stop there.
        let result = Self.anneal(
            from: start, evaluator: evaluator, chains: chains, seed: options.seed, until: deadline, steps: steps,
            target: max(costLowerBound ?? 0, graph.costLowerBound(budget: budget) ?? 0))
        let best = result.best!
        options.progress?("\(name): \(result.proposals) proposals, cost \(best.cost.compactDescription)")
        return .fits(try Solution(
            graph: graph, schedule: ComputeSequence(nodes: best.sequence).schedule(for: graph), strategy: name,
            budget: budget, costLowerBound: costLowerBound, solveSeconds: (ContinuousClock.now - began) / .seconds(1)))
    }

    /// The solution of `attempt`.
    ///
    /// - Throws: ``StrategyError/doesNotFit(strategy:budget:leastPeak:)`` for a near miss.
    private static func solution(of attempt: Attempt, budget: Int, strategy: String) throws(StrategyError) -> Solution {
        switch attempt {
        case .fits(let solution): return solution
        case .nearMiss(_, let peak): throw .doesNotFit(strategy: strategy, budget: budget, leastPeak: peak)
        }
    }

    /// Independent walks from `start`, one per chain (seeds `seed`, `seed + 1`, ...), in parallel,
    /// until one fits (`untilFits`) or meets `target`: the cheapest fitting state any found, the
    /// lowest peak and the proposals made in all.
    static func anneal(
        from start: [Int], evaluator: SequenceEvaluator, chains: Int, seed: UInt64,
        until deadline: ContinuousClock.Instant, steps: Int? = nil, untilFits: Bool = false, target: Double? = nil
    ) -> (best: (sequence: [Int], cost: Double)?, leastPeak: (sequence: [Int], peak: Int), proposals: Int) {
        typealias Result = (best: (sequence: [Int], cost: Double)?, leastPeak: (sequence: [Int], peak: Int), proposals: Int)
        let results = Mutex([Result?](repeating: nil, count: chains))
        // The first chain that fits (with untilFits) or meets `target` stops the others.
        let done = Atomic(false)
        DispatchQueue.concurrentPerform(iterations: chains) { chain in
            var annealer = Annealer(walk: SequenceWalk(), evaluator: evaluator, start: start, seed: seed &+ UInt64(chain))
            annealer.run(until: deadline, steps: steps, untilFits: untilFits, target: target) { done.load(ordering: .relaxed) }
            if let best = annealer.best, untilFits || target.map({ Solution.meets(best.cost, bound: $0) }) ?? false {
                done.store(true, ordering: .relaxed)
            }
            let result: Result = (annealer.best, annealer.leastPeak, annealer.proposals)
            results.withLock { $0[chain] = result }
        }
        let all = results.withLock { $0 }.map { $0! }
        let best = all.compactMap(\.best).min { $0.cost < $1.cost }
        return (best, all.map(\.leastPeak).min { $0.peak < $1.peak }!, all.reduce(0) { $0 + $1.proposals })
    }
}
