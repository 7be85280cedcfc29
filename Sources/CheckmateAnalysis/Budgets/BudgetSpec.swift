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
    /// `reference` is the checkpoint-all peak; shares round down as
    /// ``Budget/bytes(for:)`` does, so 100% is exactly `reference`.
    ///
    /// - Throws: ``BudgetError`` for a budget above `ByteCount/limit`.
    public func budgets(reference: Int) throws(BudgetError) -> [Int] {
        func bytes(_ budget: Budget) -> Double {
            switch budget {
            case .bytes(let bytes): Double(bytes)
            case .shareOfCheckpointAll(let share): share * Double(reference)
            }
        }
        let values: [Double]
        switch form {
        case .list(let budgets):
            values = budgets.map(bytes)
        case .range(let lower, let upper, let count):
            let (from, to) = (bytes(lower), bytes(upper))
            values = count == 1 ? [to] : (0..<count).map { from + (to - from) * Double($0) / Double(count - 1) }
        }
        if let large = values.first(where: { !($0.rounded(.down) <= Double(ByteCount.limit)) }) {
            throw Budget.tooLarge("\(large) B")
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
