import CheckmateAnalysis

/// Budgets as the command line writes them: `30%:100%:8` is 8 budgets spread
/// evenly from 30% to 100% of the checkpoint-all peak; `2GiB:8GiB:4` the
/// same with sizes; `4GB,6GB,75%` a list.
extension BudgetSpec {
    /// The most budgets a range may have.
    static let countLimit = 10_000

    /// Reads `FROM:TO:COUNT` or a comma-separated list of budgets.
    ///
    /// - Throws: `BudgetSpecError` naming the part that is not a budget.
    init(parsing text: String) throws(BudgetSpecError) {
        func budget(_ part: String) throws(BudgetSpecError) -> Budget {
            do { return try Budget(parsing: part) } catch { throw .invalid(text, reason: error.description) }
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        switch parts.count {
        case 1:
            let items = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            self.init(.list(try items.map { item throws(BudgetSpecError) in try budget(item) }))
        case 3:
            guard let count = Int(parts[2].trimmingWhitespace()), count >= 1, count <= Self.countLimit else {
                throw .invalid(text, reason: "the count '\(parts[2])' is not a whole number from 1 to \(Self.countLimit)")
            }
            self.init(.range(lower: try budget(parts[0]), upper: try budget(parts[1]), count: count))
        default:
            throw .invalid(text, reason: "expected FROM:TO:COUNT (like 30%:100%:8) or a list (like 4GiB,6GiB)")
        }
    }
}
