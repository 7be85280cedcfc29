import Checkmate

/// The budgets of a sweep: `count` budgets spread evenly between two, or a
/// list, each a ``Budget`` as `checkmate solve --budget` takes it, so a
/// sweep's row at a budget is what `solve` gives at that budget.
///
///     let spec = BudgetSpec(.range(lower: .shareOfCheckpointAll(0.3), upper: .shareOfCheckpointAll(1), count: 8))
///     try spec.budgets(reference: 1000)   // [300, 400, ..., 1000]
public struct BudgetSpec: Hashable, Sendable {
    /// `count` budgets evenly from `lower` to `upper`, or an explicit list.
    public enum Form: Hashable, Sendable {
        case range(lower: Budget, upper: Budget, count: Int)
        case list([Budget])
    }

    public var form: Form

    public init(_ form: Form) {
        self.form = form
    }

    /// Whether some budget is a share of the checkpoint-all peak.
    public var needsReference: Bool {
        let budgets: [Budget]
        switch form {
        case .range(let lower, let upper, _): budgets = [lower, upper]
        case .list(let list): budgets = list
        }
        return budgets.contains { if case .shareOfCheckpointAll = $0 { true } else { false } }
    }

    /// The budgets in bytes, ascending and without repeats, where
    /// `reference` is the checkpoint-all peak and `memoryLowerBound` the
    /// graph's; shares and multiples round down as ``Budget/bytes(for:)``
    /// does, so 100% is exactly `reference`.
    ///
    /// - Throws: ``BudgetError`` for a budget above `ByteCount/limit`, or a
    ///   multiple of the memory lower bound when `memoryLowerBound` is nil.
    public func budgets(reference: Int, memoryLowerBound: Int? = nil) throws(BudgetError) -> [Int] {
        func bytes(_ budget: Budget) throws(BudgetError) -> Double {
            Double(try budget.bytes(reference: reference, memoryLowerBound: memoryLowerBound))
        }
        let values: [Double]
        switch form {
        case .list(let budgets):
            values = try budgets.map { budget throws(BudgetError) in try bytes(budget) }
        case .range(let lower, let upper, let count):
            let (from, to) = (try bytes(lower), try bytes(upper))
            values = count == 1 ? [to] : (0..<count).map { from + (to - from) * Double($0) / Double(count - 1) }
        }
        return Set(values.map { Int($0.rounded(.down)) }).sorted()
    }
}

/// A budget list that could not be read.
public enum BudgetSpecError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalid(String, reason: String)

    public var description: String {
        switch self {
        case .invalid(let text, let reason): "budgets '\(text)': \(reason)"
        }
    }
}
