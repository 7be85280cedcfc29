import Synchronization

/// Work that strategies keep between solves of one graph at several
/// budgets, as in a sweep: a formulation built once, a solver session
/// re-solved with new budget bounds, the last budget's schedule as the
/// next one's start.
///
/// Entries are keyed by name and by the graph they were made for; an entry
/// made for another graph is made anew, so a cache never changes a result
/// except through the starts it offers, and one cache may serve any solves.
/// ``Strategy/solveEach(_:budgets:options:report:)`` makes one when its
/// options have none.
///
/// Invariant: an entry is only ever read back for the graph it was made for.
///
///     var options = SolveOptions(timeLimit: 30)
///     options.cache = SolveCache()
///     for budget in budgets { _ = try milp.solve(graph, budget: budget, options: options) }
public final class SolveCache: Sendable {
    private let entries = Mutex<[String: (graph: TrainingGraph, value: any Sendable)]>([:])

    public init() {}

    /// The entry `key` made for `graph`, if there is one.
    func value<Value: Sendable>(_ key: String, for graph: TrainingGraph) -> Value? {
        entries.withLock { entries in
            guard let entry = entries[key], entry.graph == graph else { return nil }
            return entry.value as? Value
        }
    }

    /// The entry `key` made for `graph`, made by `make` and kept if there is none.
    func value<Value: Sendable>(_ key: String, for graph: TrainingGraph, make: () -> Value) -> Value {
        if let value: Value = value(key, for: graph) { return value }
        let value = make()
        set(key, for: graph, to: value)
        return value
    }

    /// Keeps `value` as the entry `key` for `graph`.
    func set(_ key: String, for graph: TrainingGraph, to value: some Sendable) {
        entries.withLock { $0[key] = (graph, value) }
    }
}
