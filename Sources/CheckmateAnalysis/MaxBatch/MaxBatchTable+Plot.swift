/// The Checkmate paper's Figure 6: each strategy's largest batch, per model.
extension MaxBatchTable {
    /// One group of bars per model and one bar per strategy, each labelled
    /// with its batch. A strategy that fits no batch draws a zero-height bar;
    /// one without a result draws the chart's dash for a missing value.
    ///
    /// - Parameter reference: a strategy whose batch every bar of the same
    ///   model is divided by (the paper normalises by checkpointing
    ///   everything), or nil for batch sizes. Where the reference fits no
    ///   batch, the model's bars are missing.
    public func chart(relativeTo reference: String? = nil) -> BarChart {
        let labels = batches.map { row in row.map { $0.map(String.init) } }
        guard let reference else {
            return BarChart(title: title, groups: models, series: strategies,
                            values: batches.map { row in row.map { $0.map(Double.init) } },
                            yAxis: PlotAxis(label: "batch size", unit: .count), labels: labels)
        }
        guard let column = strategies.firstIndex(of: reference) else {
            preconditionFailure("the reference '\(reference)' is not one of the table's strategies")
        }
        let ratios = batches.map { row in
            row.map { batch -> Double? in
                guard let batch, let base = row[column], base > 0 else { return nil }
                return Double(batch) / Double(base)
            }
        }
        return BarChart(title: title, groups: models, series: strategies, values: ratios,
                        yAxis: PlotAxis(label: "batch size / \(reference) batch size", includes: [1]),
                        labels: labels)
    }
}
