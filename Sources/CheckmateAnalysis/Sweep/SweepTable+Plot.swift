/// The Checkmate paper's Figure 5 for one graph: overhead against budget.
extension SweepTable {
    /// One line per strategy through the budgets where it found a schedule,
    /// over a shaded floor at the best lower bound proven on every schedule at each budget.
    public func overheadPlot() -> LinePlot {
        var plot = LinePlot(
            title: "\(graphName): overhead against memory budget",
            xAxis: PlotAxis(label: "memory budget", unit: .bytes),
            yAxis: PlotAxis(label: "overhead (cost / sum of costs)", includes: [1]))
        plot.series = strategies.map { strategy in
            LinePlot.Series(name: strategy, points: rows.compactMap { row in
                guard row.strategy == strategy, let overhead = row.overhead else { return nil }
                return (Double(row.budget), overhead)
            })
        }
        let floor = bounds.map { (x: Double($0.budget), y: totalCost > 0 ? $0.bound / totalCost : 1) }
        if !floor.isEmpty { plot.floor = LinePlot.Floor(name: "lower bound, all schedules", points: floor) }
        return plot
    }
}
