/// The budgets of a sweep, as written on the command line.
///
/// `30%:100%:8` is 8 budgets spread evenly from 30% to 100% of a reference
/// peak (the peak of checkpointing everything); `2GiB:8GiB:4` the same with
/// sizes; `4GB,6GB,75%` a list. Sizes are read by the caller's parser (the
/// command line's `16GB`, `512MiB` or bytes), so every command reads them alike.
///
///     let spec = try BudgetSpec(parsing: "30%:100%:8", size: { Int($0) })
///     spec.budgets(reference: 1000)   // [300, 400, ..., 1000]
public struct BudgetSpec: Hashable, Sendable {
    /// One budget: a size, or a share of the reference peak.
    public enum Amount: Hashable, Sendable {
        case bytes(Int)
        case fraction(Double)

        func resolved(reference: Int) -> Double {
            switch self {
            case .bytes(let bytes): Double(bytes)
            case .fraction(let fraction): Double(reference) * fraction
            }
        }
    }

    /// `count` amounts evenly from `lower` to `upper`, or an explicit list.
    public enum Form: Hashable, Sendable {
        case range(lower: Amount, upper: Amount, count: Int)
        case list([Amount])
    }

    public var form: Form

    public init(_ form: Form) {
        self.form = form
    }

    /// Reads `FROM:TO:COUNT` or a comma-separated list, each part a
    /// percentage or a size that `size` turns into a positive number of bytes.
    ///
    /// - Throws: ``BudgetSpecError`` naming the part that is not a budget.
    public init(parsing text: String, size: (String) -> Int?) throws(BudgetSpecError) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        switch parts.count {
        case 1:
            let items = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            form = .list(try items.map { item throws(BudgetSpecError) in try Self.amount(item, size: size) })
        case 3:
            guard let count = Int(parts[2].trimmingSpaces), count >= 1 else {
                throw .invalid(text, reason: "the count '\(parts[2])' is not a whole number of at least 1")
            }
            form = .range(lower: try Self.amount(parts[0], size: size), upper: try Self.amount(parts[1], size: size),
                          count: count)
        default:
            throw .invalid(text, reason: "expected FROM:TO:COUNT (like 30%:100%:8) or a list (like 4GB,6GB)")
        }
    }

    /// Whether some budget is a share of the reference peak.
    public var needsReference: Bool {
        let amounts: [Amount]
        switch form {
        case .range(let lower, let upper, _): amounts = [lower, upper]
        case .list(let list): amounts = list
        }
        return amounts.contains { if case .fraction = $0 { true } else { false } }
    }

    /// The budgets in bytes, ascending and without repeats; shares of
    /// `reference` are rounded down, so 100% is exactly `reference`.
    public func budgets(reference: Int) -> [Int] {
        let values: [Double]
        switch form {
        case .list(let amounts):
            values = amounts.map { $0.resolved(reference: reference) }
        case .range(let lower, let upper, let count):
            let from = lower.resolved(reference: reference)
            let to = upper.resolved(reference: reference)
            values = count == 1 ? [to] : (0..<count).map { from + (to - from) * Double($0) / Double(count - 1) }
        }
        return Set(values.map { Int($0.rounded(.down)) }).sorted()
    }

    static func amount(_ text: String, size: (String) -> Int?) throws(BudgetSpecError) -> Amount {
        let item = text.trimmingSpaces
        if item.hasSuffix("%") {
            guard let percent = Double(item.dropLast()), percent.isFinite, percent > 0 else {
                throw .invalid(text, reason: "a share must be a positive percentage like 30%")
            }
            return .fraction(percent / 100)
        }
        guard let bytes = size(item), bytes > 0 else {
            throw .invalid(text, reason: "a budget is a size like 8GB, 512MiB or 1000000, or a share like 30%")
        }
        return .bytes(bytes)
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

extension StringProtocol {
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
