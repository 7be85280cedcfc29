import Checkmate
import Synchronization

/// Every strategy at every budget on one graph: the data of the Checkmate
/// paper's Figure 5 (Jain et al., MLSys 2020).
///
/// Scheduling policy: a strategy's budgets run in ascending order on one
/// worker, through `Checkmate/Strategy/solveEach(_:budgets:options:report:)`, so a
/// strategy can carry its model and schedule from one budget to the next
/// in a `Checkmate/SolveCache`; different strategies run at the same time on up to
/// `workers` workers, taken in the given order (put the slow solvers first).
/// A solver that may use several threads gets them through `options.threads`.
///
/// Invariant: every case yields exactly one ``SweepRow``; rows of solved
/// cases come from replayed `Solution`s.
///
///     let sweep = BudgetSweep(graph: graph, strategies: strategies, budgets: budgets, workers: 2)
///     let table = sweep.run { event in print(event) }
public struct BudgetSweep: Sendable {
    /// What a running sweep reports, one event at a time.
    public enum Event: Sendable {
        /// A strategy began solving at `budget`; it comes just before the
        /// strategy's previous budget's `finished`.
        case started(strategy: String, budget: Int)
        /// A case finished; `solution` is nil when the strategy found no schedule.
        case finished(SweepRow, solution: Solution?, error: StrategyError?)
    }

    public var graph: TrainingGraph
    public var strategies: [any Strategy]
    /// The budgets in bytes; the sweep solves them in ascending order.
    public var budgets: [Int]
    public var options: SolveOptions
    /// How many strategies may run at the same time.
    public var workers: Int
    /// The peak that percentage budgets refer to, recorded in the table.
    public var referencePeak: Int?

    public init(
        graph: TrainingGraph, strategies: [any Strategy], budgets: [Int], options: SolveOptions = SolveOptions(),
        workers: Int = 1, referencePeak: Int? = nil
    ) {
        self.graph = graph
        self.strategies = strategies
        self.budgets = Array(Set(budgets)).sorted()
        self.options = options
        self.workers = max(1, workers)
        self.referencePeak = referencePeak
    }

    /// The table the sweep fills, empty.
    public var emptyTable: SweepTable {
        SweepTable(graph: graph, strategies: strategies.map(\.name), budgets: budgets, referencePeak: referencePeak)
    }

    /// Runs every case and returns the full table. `handle` receives each
    /// event, from worker threads but never two at once.
    public func run(_ handle: @Sendable (Event) -> Void = { _ in }) -> SweepTable {
        let table = Mutex(emptyTable)
        guard let first = budgets.first else { return emptyTable }
        forEachConcurrently(strategies.count, workers: workers) { index in
            let strategy = strategies[index]
            table.withLock { _ in handle(.started(strategy: strategy.name, budget: first)) }
            var caseStart = ContinuousClock.now
            strategy.solveEach(graph, budgets: budgets, options: options) { budget, result in
                let seconds = ((ContinuousClock.now - caseStart) / .microseconds(1)).rounded() / 1e6
                var row: SweepRow
                switch result {
                case .success(let solution): row = SweepRow(solution: solution, graph: graph, seconds: seconds)
                case .failure(let error): row = SweepRow(strategy: strategy.name, budget: budget, error: error, seconds: seconds)
                }
                row.strategy = strategy.name
                row.budget = budget
                let finished = row
                table.withLock { table in
                    table.insert(finished)
                    if let next = budgets.first(where: { $0 > budget }) {
                        handle(.started(strategy: strategy.name, budget: next))
                    }
                    handle(.finished(finished, solution: try? result.get(), error: result.failure))
                }
                caseStart = ContinuousClock.now
            }
        }
        return table.withLock { $0 }
    }
}

extension Result {
    fileprivate var failure: Failure? {
        if case .failure(let error) = self { error } else { nil }
    }
}
