import Checkmate

/// The budgets of a sweep, as written on the command line.
///
/// `30%:100%:8` is 8 budgets spread evenly from 30% to 100% of the
/// checkpoint-all peak; `2GiB:8GiB:4` the same with sizes; `4GB,6GB,75%` a
/// list. Each part is a ``Budget``, read as `checkmate solve --budget` reads
/// it, so a sweep's row at a budget is what `solve` gives at that budget.
///
///     let spec = try BudgetSpec(parsing: "30%:100%:8")
///     spec.budgets(reference: 1000)   // [300, 400, ..., 1000]
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

    /// Reads `FROM:TO:COUNT` or a comma-separated list of budgets.
    ///
    /// - Throws: ``BudgetSpecError`` naming the part that is not a budget.
    public init(parsing text: String) throws(BudgetSpecError) {
        func budget(_ part: String) throws(BudgetSpecError) -> Budget {
            do { return try Budget(parsing: part) } catch { throw .invalid(text, reason: error.description) }
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        switch parts.count {
        case 1:
            let items = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            form = .list(try items.map { item throws(BudgetSpecError) in try budget(item) })
        case 3:
            guard let count = Int(parts[2].trimmingWhitespace()), count >= 1 else {
                throw .invalid(text, reason: "the count '\(parts[2])' is not a whole number of at least 1")
            }
            form = .range(lower: try budget(parts[0]), upper: try budget(parts[1]), count: count)
        default:
            throw .invalid(text, reason: "expected FROM:TO:COUNT (like 30%:100%:8) or a list (like 4GiB,6GiB)")
        }
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
    public func budgets(reference: Int) -> [Int] {
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
        return Set(values.map { $0.rounded(.down) < 0x1p63 ? Int($0.rounded(.down)) : Int.max }).sorted()
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
