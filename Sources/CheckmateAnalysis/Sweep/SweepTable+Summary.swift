import Checkmate

extension SweepTable {
    /// The sweep at a glance: one row per strategy, one column per budget,
    /// each cell the overhead (`*` when proven optimal among all schedules,
    /// `°` when only among the stage form) or why there is none.
    public var overheadGrid: (header: [String], rows: [[String]]) {
        let header = ["strategy"] + budgets.map { budget in
            "\(ByteCount(budget))"
                + (referencePeak.map { " (\(Int((Double(budget) / Double($0) * 100).rounded()))%)" } ?? "")
        }
        let rows = strategies.map { strategy in
            [strategy] + budgets.map { budget in
                guard let row = row(strategy: strategy, budget: budget) else { return "" }
                guard let overhead = row.overhead else { return row.status.rawValue }
                let mark = switch row.optimalWithin {
                case .allSchedules: "*"
                case .stageForm: "°"
                case nil: ""
                }
                return PlotAxis.format(overhead, decimals: 3) + "x" + mark
            }
        }
        return (header, rows)
    }
}
