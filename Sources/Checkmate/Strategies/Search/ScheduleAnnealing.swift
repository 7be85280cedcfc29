/// Simulated annealing over the schedule itself (``SequenceAnnealer``, after
/// FastSA, Imanishi et al., NeurIPS 2023): the compute steps, in any order of
/// first computations, with every output freed after its last read.
///
/// It starts from the cheapest schedule that fits among those of `starts`
/// (``DynamicRematerialization`` by default) and checkpoint-all in the
/// graph's and the low-peak order, or, when none fits, from the one with the
/// lowest peak: the walk then first works the overflow down, which makes it
/// a feasibility phase for budgets near the memory lower bound.
///
/// Invariant: the result is replayed, fits the budget and never costs more
/// than the best start that fits; nothing is claimed optimal.
///
///     let solution = try ScheduleAnnealing().solve(graph, budget: budget, options: SolveOptions(timeLimit: 10))
public struct ScheduleAnnealing: Strategy {
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
    static let feasibilityShare = 0.5

    public init(starts: [any Strategy] = [DynamicRematerialization()], defaultSeconds: Double = 10, steps: Int? = nil) {
        self.starts = starts
        self.defaultSeconds = defaultSeconds
        self.steps = steps
    }

    /// Proposals per node when the options set no time limit (still at most ``defaultSeconds``).
    static let defaultStepsPerNode = 2_000

    public func solve(_ graph: TrainingGraph, budget: Int, options: SolveOptions) throws(StrategyError) -> Solution {
        try graph.checkBudget(budget)
        let began = ContinuousClock.now
        var schedules: [Schedule] = []
        for strategy in starts {
            var limited = options
            limited.progress = nil
            limited.timeLimit = (options.timeLimit ?? defaultSeconds) / 4
            if let solution = try? strategy.solve(graph, budget: budget, options: limited) { schedules.append(solution.schedule) }
        }
        var options = options
        options.timeLimit = options.timeLimit.map { max($0 - (ContinuousClock.now - began) / .seconds(1), 0) }
        var solution = try improve(schedules, on: graph, budget: budget, options: options)
        solution.solveSeconds = (ContinuousClock.now - began) / .seconds(1)
        return solution
    }

    /// The cheapest schedule the walk finds from the cheapest of
    /// `schedules` that fits, or of checkpoint-all in the graph's and the
    /// low-peak order, or, when none fits, from the one with the lowest
    /// peak after a feasibility phase of at most ``feasibilityShare`` of the time.
    ///
    /// - Throws: ``StrategyError/doesNotFit(strategy:budget:leastPeak:)`` when
    ///   nothing fits by the end of the feasibility phase.
    public func improve(
        _ schedules: [Schedule], on graph: TrainingGraph, budget: Int, options: SolveOptions
    ) throws(StrategyError) -> Solution {
        try graph.checkBudget(budget)
        let began = ContinuousClock.now
        let seconds = options.timeLimit ?? defaultSeconds
        let deadline = began + .seconds(seconds)
        let steps = options.timeLimit == nil ? self.steps ?? Self.defaultStepsPerNode * graph.count : self.steps
        let candidates = [Array(graph.nodes.indices), graph.lowPeakOrder] + schedules.map { ComputeSequence(schedule: $0).nodes }
        var evaluator = SequenceEvaluator(graph: graph, budget: budget)
        let measured = candidates.map { evaluator.measure($0)! }
        let fitting = measured.indices.filter { measured[$0].fits }
        var start = fitting.min { measured[$0].cost < measured[$1].cost }.map { candidates[$0] }
        var leastPeak = measured.map(\.peak).min()!
        if start == nil {
            // The feasibility phase: from the lowest peak, anneal the overflow away.
            let lowest = measured.indices.min { measured[$0].peak < measured[$1].peak }!
            var phase = Annealer(walk: SequenceWalk(), evaluator: evaluator, start: candidates[lowest], seed: options.seed)
            phase.run(until: began + .seconds(seconds * Self.feasibilityShare), untilFits: true)
            options.progress?("\(name): feasibility phase, \(phase.proposals) proposals, least peak \(ByteCount(phase.leastPeak.peak))")
            start = phase.best?.sequence
            leastPeak = min(leastPeak, phase.leastPeak.peak)
        }
        guard let start else { throw .doesNotFit(strategy: name, budget: budget, leastPeak: leastPeak) }
        var annealer = Annealer(walk: SequenceWalk(), evaluator: evaluator, start: start, seed: options.seed)
        options.progress?("\(name): starts at cost \(annealer.measure.cost.compactDescription)")
        annealer.run(until: deadline, steps: steps)
        options.progress?("\(name): \(annealer.proposals) proposals, \(annealer.acceptances) accepted, "
            + "cost \(annealer.best!.cost.compactDescription)")
        return try Solution(
            graph: graph, schedule: ComputeSequence(nodes: annealer.best!.sequence).schedule(for: graph), strategy: name,
            budget: budget, solveSeconds: (ContinuousClock.now - began) / .seconds(1))
    }
}
