import Checkmate

/// The sweep as a text table for the terminal: one line per strategy, one
/// column per budget, each cell the overhead or why there is none.
extension SweepTable {
    public func summary() -> String {
        let header = ["strategy"] + budgets.map { budget in
            "\(ByteCount(budget))"
                + (referencePeak.map { " (\(Int((Double(budget) / Double($0) * 100).rounded()))%)" } ?? "")
        }
        let lines = strategies.map { strategy in
            [strategy] + budgets.map { budget in
                guard let row = row(strategy: strategy, budget: budget) else { return "" }
                guard let overhead = row.overhead else { return row.status.rawValue }
                return PlotAxis.format(overhead, decimals: 3) + "x" + (row.optimal ? "*" : "")
            }
        }
        return TextTable(header: header, rows: lines).rendered + "\noverhead = cost / sum of costs (\(costUnit)); * = proven optimal"
    }
}
