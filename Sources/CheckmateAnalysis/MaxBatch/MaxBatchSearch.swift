import Checkmate

/// The largest batch for which a strategy finds a schedule within a memory,
/// recomputing no more than a cap (the Checkmate paper's maximum batch size
/// experiment, Jain et al., MLSys 2020, section 6.3).
///
/// The search assumes that a batch fits whenever a larger one does. From a
/// starting batch it doubles while batches fit (or halves while they do
/// not), then bisects between the largest batch that fits and the smallest
/// that does not; so it solves `O(log batch)` graphs, and the batch it
/// returns fits while the next one was tried and does not. A batch whose
/// graph's memory lower bound exceeds the memory is rejected without solving.
///
///     let search = MaxBatchSearch(memory: 16 << 30, strategy: CheckpointAll())
///     let result = try search.run { batch throws(MaxBatchError) in try graph(for: batch) }
///     print(result?.batch ?? 0)
public struct MaxBatchSearch: Sendable {
    /// The device memory: the budget for every schedule's peak, `constantMemory` included.
    public var memory: Int
    public var strategy: any Strategy
    public var cap: RecomputationCap
    /// The strategy's options; their `progress` receives one line per batch tried, not the strategy's own.
    public var options: SolveOptions
    /// The first batch to try (a good guess saves solves).
    public var start: Int
    /// No batch above this is tried.
    public var limit: Int

    public init(
        memory: Int, strategy: any Strategy, cap: RecomputationCap = .extraForwardPasses(1),
        options: SolveOptions = SolveOptions(), start: Int = 1, limit: Int = 1 << 20
    ) {
        self.memory = memory
        self.strategy = strategy
        self.cap = cap
        self.options = options
        self.start = start
        self.limit = limit
    }

    /// Runs the search on the graphs `graph(batch)` gives.
    ///
    /// - Returns: the largest batch that fits, or nil when not even batch 1 does.
    /// - Throws: ``MaxBatchError`` when a graph cannot be built or the strategy fails
    ///   for a reason other than the batch not fitting.
    /// - Complexity: O(log *b*) graphs built and solved, for *b* the batch found (or ``limit``).
    public func run(
        _ graph: (Int) throws(MaxBatchError) -> TrainingGraph
    ) throws(MaxBatchError) -> MaxBatchResult? {
        var attempts: [MaxBatchResult.Attempt] = []
        var best: (batch: Int, graph: TrainingGraph, solution: Solution)?
        var smallestFailure: Int?
        func attempt(_ batch: Int) throws(MaxBatchError) -> Bool {
            let g = try graph(batch)
            let outcome = try evaluate(g)
            attempts.append(.init(batch: batch, outcome: outcome.outcome))
            options.progress?("batch \(batch): \(outcome.outcome)")
            if let solution = outcome.solution {
                if best.map({ batch > $0.batch }) ?? true { best = (batch, g, solution) }
                return true
            }
            smallestFailure = min(smallestFailure ?? batch, batch)
            return false
        }
        var batch = min(max(start, 1), limit)
        if try attempt(batch) {
            while batch < limit {
                batch = min(batch * 2, limit)
                if try !attempt(batch) { break }
            }
        } else {
            while batch > 1 {
                batch = batch / 2
                if try attempt(batch) { break }
            }
        }
        guard var low = best?.batch else { return nil }
        var high = smallestFailure ?? (limit + 1)
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if try attempt(middle) { low = middle } else { high = middle }
        }
        let found = best!
        return MaxBatchResult(batch: found.batch, graph: found.graph, solution: found.solution, attempts: attempts,
                              isLimit: found.batch >= limit)
    }

    /// Whether `graph` fits, and with which solution.
    private func evaluate(_ graph: TrainingGraph) throws(MaxBatchError) -> (solution: Solution?, outcome: MaxBatchResult.Outcome) {
        guard graph.memoryLowerBound <= memory else { return (nil, .belowLowerBound) }
        var quiet = options
        quiet.progress = nil
        do {
            let solution = try strategy.solve(graph, budget: memory, options: quiet)
            let overhead = solution.overhead(in: graph)
            guard overhead <= cap.maximumOverhead(in: graph) * (1 + 1e-9) else {
                return (nil, .tooMuchRecomputation(overhead: overhead))
            }
            return (solution, .fits(peakMemory: solution.replay.peakMemory, overhead: overhead))
        } catch {
            switch error {
            case .doesNotFit, .infeasible, .timedOut: return (nil, .doesNotFit)
            default: throw .strategy(error)
            }
        }
    }
}

/// What a ``MaxBatchSearch`` found.
public struct MaxBatchResult: Sendable {
    /// What one try gave.
    public enum Outcome: Hashable, Sendable, CustomStringConvertible {
        case fits(peakMemory: Int, overhead: Double)
        case doesNotFit
        /// The graph needs more memory than the budget whatever the schedule.
        case belowLowerBound
        /// A schedule fits but recomputes more than the cap allows.
        case tooMuchRecomputation(overhead: Double)

        public var description: String {
            switch self {
            case .fits(let peak, let overhead): "fits, peak \(ByteCount(peak)), overhead \(Self.format(overhead))"
            case .doesNotFit: "does not fit"
            case .belowLowerBound: "does not fit (memory lower bound above the budget)"
            case .tooMuchRecomputation(let overhead): "fits only with overhead \(Self.format(overhead)), above the cap"
            }
        }

        private static func format(_ value: Double) -> String {
            String(Double((value * 1000).rounded()) / 1000)
        }
    }

    /// One batch the search tried.
    public struct Attempt: Hashable, Sendable {
        public var batch: Int
        public var outcome: Outcome
    }

    /// The largest batch that fits.
    public var batch: Int
    /// Its training graph.
    public var graph: TrainingGraph
    /// The strategy's schedule for it, replayed.
    public var solution: Solution
    /// Every batch tried, in order.
    public var attempts: [Attempt]
    /// True when `batch` is the search's limit: larger batches were not tried, so it is not known to be the largest.
    public var isLimit: Bool

    /// The schedule's peak memory.
    public var peakMemory: Int { solution.replay.peakMemory }
    /// The schedule's cost over `sum(c_v)`.
    public var overhead: Double { solution.overhead(in: graph) }
}

/// Why a maximum-batch search stopped.
public enum MaxBatchError: Error, CustomStringConvertible, Sendable {
    /// The graph for a batch could not be built.
    case graph(batch: Int, reason: String)
    /// The strategy failed for a reason other than the batch not fitting.
    case strategy(StrategyError)

    public var description: String {
        switch self {
        case .graph(let batch, let reason): "batch \(batch): \(reason)"
        case .strategy(let error): "\(error)"
        }
    }
}
