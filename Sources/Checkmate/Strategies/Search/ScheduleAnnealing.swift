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

    public init(starts: [any Strategy] = [DynamicRematerialization()], defaultSeconds: Double = 10, steps: Int? = nil) {
        self.starts = starts
        self.defaultSeconds = defaultSeconds
        self.steps = steps
    }

    public func solve(_ graph: TrainingGraph, budget: Int, options: SolveOptions) throws(StrategyError) -> Solution {
        try graph.checkBudget(budget)
        let began = ContinuousClock.now
        let seconds = options.timeLimit ?? defaultSeconds
        let deadline = began + .seconds(seconds)
        var candidates = [Array(graph.nodes.indices), graph.lowPeakOrder]
        for strategy in starts {
            var limited = options
            limited.progress = nil
            limited.timeLimit = seconds / 4
            if let solution = try? strategy.solve(graph, budget: budget, options: limited) {
                candidates.append(ComputeSequence(schedule: solution.schedule).nodes)
            }
        }
        var evaluator = SequenceEvaluator(graph: graph, budget: budget)
        let measured = candidates.map { evaluator.measure($0)! }
        let fitting = measured.indices.filter { measured[$0].fits }
        let first = fitting.min { measured[$0].cost < measured[$1].cost }
            ?? measured.indices.min { measured[$0].peak < measured[$1].peak }!
        var annealer = SequenceAnnealer(evaluator: evaluator, start: candidates[first], seed: options.seed)
        options.progress?("\(name): starts at cost \(measured[first].cost.compactDescription), peak \(ByteCount(measured[first].peak))")
        annealer.run(until: deadline, steps: steps)
        guard let best = annealer.best else {
            throw .doesNotFit(strategy: name, budget: budget, leastPeak: annealer.leastPeak.peak)
        }
        options.progress?("\(name): cost \(best.cost.compactDescription)")
        return try Solution(
            graph: graph, schedule: ComputeSequence(nodes: best.sequence).schedule(for: graph), strategy: name,
            budget: budget, solveSeconds: (ContinuousClock.now - began) / .seconds(1))
    }
}
