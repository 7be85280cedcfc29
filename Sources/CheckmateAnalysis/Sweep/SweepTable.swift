import Checkmate
import Foundation

/// The rows of a budget sweep over one graph, in a fixed order: strategies
/// as given, budgets ascending. It renders `sweep.csv`, `sweep.json` and the
/// overhead plot, so a sweep cut short writes the same files with fewer rows.
///
///     var table = SweepTable(graph: graph, strategies: ["milp", "checkpoint-all"], budgets: budgets)
///     table.insert(SweepRow(solution: solution, graph: graph, seconds: 1.5))
///     try table.csv().write(to: url, atomically: true, encoding: .utf8)
public struct SweepTable: Hashable, Sendable {
    public static let format = "checkmate-sweep"
    public static let version = 1

    public var graphName: String
    public var costUnit: String
    /// `sum(c_v)`: overhead 1.0 (the file's `costLowerBound`).
    public var totalCost: Double
    /// The least peak any schedule can have.
    public var memoryLowerBound: Int
    /// The peak that percentages of the budget list refer to (checkpoint all), if any.
    public var referencePeak: Int?
    /// Strategy names in the order of the sweep.
    public var strategies: [String]
    /// The budgets, ascending.
    public var budgets: [Int]
    /// The rows so far, in strategy order, then budget.
    public private(set) var rows: [SweepRow] = []
    /// Whether every case has a row.
    public var isComplete: Bool { rows.count == strategies.count * budgets.count }

    public init(graph: TrainingGraph, strategies: [String], budgets: [Int], referencePeak: Int? = nil) {
        graphName = graph.name
        costUnit = graph.costUnit
        totalCost = graph.totalCost
        memoryLowerBound = graph.memoryLowerBound
        self.referencePeak = referencePeak
        self.strategies = strategies
        self.budgets = budgets.sorted()
    }

    /// Adds a row, or replaces the row of the same case.
    public mutating func insert(_ row: SweepRow) {
        rows.removeAll { $0.strategy == row.strategy && $0.budget == row.budget }
        let order = strategies
        let key = { (row: SweepRow) in (order.firstIndex(of: row.strategy) ?? Int.max, row.budget) }
        let position = rows.firstIndex { key($0) > key(row) } ?? rows.endIndex
        rows.insert(row, at: position)
    }

    /// The row of one case, if it is done.
    public func row(strategy: String, budget: Int) -> SweepRow? {
        rows.first { $0.strategy == strategy && $0.budget == budget }
    }

    /// `sweep.csv`: a header of ``SweepRow/columns``, then one line per row.
    public func csv() -> String {
        ([SweepRow.columns.joined(separator: ",")] + rows.map(\.csvLine)).joined(separator: "\n") + "\n"
    }

    /// `sweep.json`: the graph's numbers, the budgets, and the rows as objects.
    public func json() -> Data {
        var root: [String: JSONValue] = [
            "format": .string(Self.format),
            "version": .number(Double(Self.version)),
            "graph": .string(graphName),
            "costUnit": .string(costUnit),
            "costLowerBound": .number(totalCost),
            "memoryLowerBound": .number(Double(memoryLowerBound)),
            "strategies": .array(strategies.map(JSONValue.string)),
            "budgets": .array(budgets.map { .number(Double($0)) }),
            "complete": .bool(isComplete),
            "rows": .array(rows.map(\.json)),
        ]
        root["referencePeak"] = referencePeak.map { .number(Double($0)) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return try! encoder.encode(JSONValue.object(root))
    }

    /// The case whose schedule the sweep draws: among those with a schedule,
    /// the one at the smallest budget, then the cheapest, then a proven
    /// optimum, then the strategy listed first.
    public var pictureRow: SweepRow? {
        rows.filter { $0.status == .ok }.min { isBetterPicture($0, than: $1) }
    }

    /// Whether `row`'s schedule is more worth a picture than `other`'s, by the rule of ``pictureRow``.
    public func isBetterPicture(_ row: SweepRow, than other: SweepRow) -> Bool {
        if row.budget != other.budget { return row.budget < other.budget }
        if row.cost != other.cost { return (row.cost ?? .infinity) < (other.cost ?? .infinity) }
        if row.optimal != other.optimal { return row.optimal }
        return (strategies.firstIndex(of: row.strategy) ?? .max) < (strategies.firstIndex(of: other.strategy) ?? .max)
    }

    /// The best proven lower bound on the cost at each budget that has one.
    ///
    /// A schedule that fits a budget fits every larger one, so the least
    /// cost never rises with the budget, and a bound proven at a larger
    /// budget also holds at a smaller one: each budget takes the best bound
    /// proven at it or above it.
    public var bounds: [(budget: Int, bound: Double)] {
        var best = -Double.infinity
        var result: [(budget: Int, bound: Double)] = []
        for budget in budgets.reversed() {
            guard let bound = rows.filter({ $0.budget == budget }).compactMap(\.bound).max() else { continue }
            best = max(best, bound)
            result.append((budget, best))
        }
        return result.reversed()
    }
}
