/// Dynamic tensor rematerialization (Kirisame et al., "Dynamic Tensor
/// Rematerialization", ICLR 2021): run the training step in order, and
/// whenever an output does not fit, evict the resident output that is
/// cheapest to lose; recompute an evicted output, from its inputs, when a
/// later node reads it.
///
/// An output is cheap to lose when recomputing it costs little for the
/// memory it frees and it waits long unread: DTR's
/// `h(v) = c(v) / (m(v) * wait(v))`, where `c(v)` is the cost of `v` and of
/// the evicted outputs that losing it would also make recomputed, and
/// `wait(v)` is the time since `v` was last read or until it is next read
/// (``Wait``). Outputs that nothing reads any more are freed at once. Missing
/// inputs are recomputed the one that needs the most memory first (Sethi and
/// Ullman's order). The strategy runs with each wait, in the graph's order
/// and in ``TrainingGraph/lowPeakOrder``, within the budget and a few smaller
/// ones, and returns the cheapest schedule that fits; where none does,
/// ``attempt(_:budget:options:)`` hands back the run of least peak.
///
/// Unlike the paper's baselines it needs no chain structure and no forward
/// pass, and its schedules are not confined to the MILP's stage form, so it
/// often fits budgets near the memory lower bound where no stage plan was
/// found: a start that tight budgets need.
///
/// Invariant: a run never holds more than its budget while a node computes;
/// it fails when the inputs it must hold leave no room, or when it
/// recomputes so much that it is thrashing.
///
///     let solution = try DynamicRematerialization().solve(graph, budget: 8 << 30)
public struct DynamicRematerialization: NearMissReporting {
    /// The time in `h`'s denominator: how long an output waits unread.
    public enum Wait: CaseIterable, Sendable {
        /// DTR's staleness: the time since the output was last read.
        case sinceLastRead
        /// The time until the next node of the order reads it, which a
        /// static schedule knows (Belady's rule for caches evicts the page
        /// used furthest in the future).
        case untilNextRead
    }

    /// The waits tried, each in both orders.
    public var waits: [Wait]

    public init(waits: [Wait] = Wait.allCases) {
        self.waits = waits
    }

    public var name: String { "dtr" }
    public var summary: String {
        "Kirisame et al. 2021 dynamic rematerialization: evict the output cheapest to recompute when memory runs out"
    }

    /// The cheapest schedule of the runs described above, replayed.
    ///
    /// - Complexity: each run takes O(*s* *r*) for *s* steps (at most 20 *n*) and *r*
    ///   outputs resident when one must be evicted; `options.timeLimit` stops the runs.
    public func solve(_ graph: TrainingGraph, budget: Int, options: SolveOptions) throws(StrategyError) -> Solution {
        try runs(graph, budget: budget, options: options).solution()
    }

    /// ``solve(_:budget:options:)``'s solution, or the run of least peak when none fits.
    public func attempt(_ graph: TrainingGraph, budget: Int, options: SolveOptions) throws(StrategyError) -> Attempt {
        try runs(graph, budget: budget, options: options).attempt()
    }

    /// The runs, replayed; when none fits, down to the least budget a run finishes within.
    private func runs(_ graph: TrainingGraph, budget: Int, options: SolveOptions) throws(StrategyError) -> CheapestFit {
        // Runs stop at the time limit; the best schedule so far stands.
        var search = try CheapestFit(graph: graph, budget: budget, strategy: name, usesStagePlans: false, timeLimit: options.timeLimit)
        let given = Array(graph.nodes.indices)
        let lowPeak = graph.lowPeakOrder
        let orders = lowPeak == given ? [given] : [given, lowPeak]
        /// Runs in every order within `limit`; true when one finished.
        func run(within limit: Int) throws(StrategyError) -> Bool {
            var finished = false
            for order in orders {
                for wait in waits where !search.isPastTimeLimit {
                    var run = Run(graph: graph, budget: limit, wait: wait, deadline: search.deadline)
                    guard let schedule = run.schedule(in: order) else { continue }
                    let replay = try search.consider(schedule)
                    options.progress?("\(name): \(wait), peak \(ByteCount(replay.peakMemory)), cost \(replay.cost.compactDescription)")
                    finished = true
                }
            }
            return finished
        }
        // A greedy run can thrash at one budget and not at a slightly smaller
        // one, so it also runs within a few budgets between the memory lower bound and this one.
        let least = graph.memoryLowerBound
        var fitted = false
        for k in 0..<Self.budgetSteps {
            fitted = try run(within: budget - (budget - least) * k / (2 * Self.budgetSteps)) || fitted
        }
        if !fitted {
            // Nothing fits: bisect for the least budget a run finishes within (at the
            // checkpoint-all peak none evicts), so the miss says how near it came.
            var (low, high) = (budget, orders.map { graph.checkpointAllPeak(order: $0) }.min()!)
            _ = try run(within: high)
            for _ in 0..<Self.bisectionSteps where high - low > 1 {
                let middle = low + (high - low) / 2
                if try run(within: middle) { high = middle } else { low = middle }
            }
        }
        return search
    }

    /// How many budgets the strategy runs within: the budget, then steps of
    /// an eighth of the way down to the memory lower bound.
    static let budgetSteps = 4
    /// How many budgets the strategy tries, when none fits, for the least peak it can reach.
    static let bisectionSteps = 8
}
