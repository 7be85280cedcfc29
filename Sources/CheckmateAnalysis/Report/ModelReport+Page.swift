import Checkmate
import Foundation

/// The report's page: the model, its largest batches, the sweep and a schedule, with every number in a table.
extension ModelReport {
    func page(graph: TrainingGraph, batch: Int, maxBatches: [String: MaxBatchOutcome], table: SweepTable) -> ReportPage {
        var page = ReportPage(title: "\(model.name): training in \(ByteCount(memory))")
        page.sections.append(.init(heading: "Model", blocks: [
            .paragraph(model.summary),
            .table(header: ["quantity", "value"], rows: summaryRows(graph: graph, batch: batch, table: table)),
        ]))
        page.sections.append(.init(heading: "Largest batch in \(ByteCount(memory))", blocks: [
            .paragraph("The largest batch for which each strategy finds a schedule within the memory, "
                + "recomputing \(capText) (the paper's Figure 6)."),
            .figure(file: "maxbatch.svg", caption: "Largest batch per strategy in \(ByteCount(memory))"),
            .table(header: ["strategy", "largest batch", "peak memory", "overhead", "vs \(reference.name)"],
                   rows: maxBatchRows(maxBatches), numeric: [1, 2, 3, 4]),
        ]))
        let grid = table.overheadGrid
        page.sections.append(.init(heading: "Overhead against memory budget (batch \(batch))", blocks: [
            .paragraph("Each strategy at each budget, shown as a share of the \(reference.name) peak "
                + "(\(ByteCount(table.referencePeak ?? 0))); overhead is the schedule's cost over the cost of "
                + "computing every node once, and the shaded floor is the best lower bound proven on every schedule at "
                + "that budget or a larger one (the paper's Figure 5). * marks an optimum proven among all schedules, "
                + "° one proven among the stage form of Checkmate's MILP in its order."),
            .figure(file: "overhead.svg", caption: "Overhead against budget, \(graph.name)"),
            .table(header: grid.header, rows: grid.rows, numeric: Set(1..<grid.header.count)),
            .table(header: SweepRow.columns, rows: table.rows.map(Self.cells), numeric: [1, 2, 3, 4, 5, 7, 9]),
        ]))
        var schedule: [ReportPage.Block] = []
        if let row = table.pictureRow {
            schedule.append(.paragraph("The cheapest schedule found at the smallest budget any strategy fits: "
                + "\(row.strategy) at \(ByteCount(row.budget)), "
                + (row.optimalWithin.map { "proven optimal among \($0 == .allSchedules ? "all schedules" : "the stage form in its order")." }
                    ?? "not proven optimal.")
                + " Top: the stage-by-node grid (R computed, S retained). Bottom: memory over the schedule's steps."))
            schedule.append(.figure(file: "schedule.svg", caption: "\(row.strategy) schedule at \(ByteCount(row.budget))"))
            schedule.append(.files([(SweepRecorder.scheduleFile(strategy: row.strategy, budget: row.budget),
                                     "the schedule (checkmate-schedule JSON)")]))
        } else {
            schedule.append(.paragraph("No strategy found a schedule at any budget of the sweep."))
        }
        page.sections.append(.init(heading: "Schedule", blocks: schedule))
        page.sections.append(.init(heading: "Files", blocks: [.files([
            ("sweep.csv", "every strategy at every budget (CSV)"),
            ("sweep.json", "the same with the graph's numbers (JSON)"),
            ("overhead.svg", "overhead against budget"),
            ("maxbatch.svg", "largest batch per strategy"),
            ("schedule.svg", "the schedule picture"),
        ])]))
        return page
    }

    private var capText: String {
        switch cap {
        case .extraForwardPasses(let count):
            "at most \(PlotAxis.format(count, decimals: count == count.rounded() ? 0 : 2)) extra forward pass\(count == 1 ? "" : "es")"
        case .overhead(let ratio): "with overhead at most \(PlotAxis.format(ratio, decimals: 2))x"
        }
    }

    private func summaryRows(graph: TrainingGraph, batch: Int, table: SweepTable) -> [[String]] {
        let kinds = Dictionary(grouping: graph.nodes, by: \.kind).mapValues(\.count)
        return [
            ["model", model.name],
            ["parameters", model.parameterCount.map(Self.grouped) ?? "unknown"],
            ["batch analysed", "\(batch)\(self.batch == nil ? " (the largest \(reference.name) fits)" : "")"],
            ["graph", graph.name],
            ["nodes", "\(graph.count) (\(kinds[.forward] ?? 0) forward, \(kinds[.loss] ?? 0) loss, "
                + "\(kinds[.backward] ?? 0) backward)"],
            ["constant memory (parameters, gradients, optimizer state, input)", "\(ByteCount(graph.constantMemory))"],
            ["activation bytes (all node outputs)", "\(ByteCount(graph.activationMemory))"],
            ["memory lower bound", "\(ByteCount(graph.memoryLowerBound))"],
            ["\(reference.name) peak", table.referencePeak.map { "\(ByteCount($0))" } ?? "unknown"],
            ["cost lower bound (sum of costs)", "\(Self.significant(graph.totalCost)) \(graph.costUnit)"],
        ]
    }

    private func maxBatchRows(_ maxBatches: [String: MaxBatchOutcome]) -> [[String]] {
        let base = (try? maxBatches[reference.name]?.get())?.flatMap { $0 }?.batch
        return strategies.map { strategy in
            switch maxBatches[strategy.name] ?? .success(nil) {
            case .failure(let error):
                return [strategy.name, "failed: \(error)", "", "", ""]
            case .success(nil):
                return [strategy.name, "none fits", "", "", ""]
            case .success(let result?):
                let ratio = base.map { PlotAxis.format(Double(result.batch) / Double($0), decimals: 2) + "x" } ?? ""
                return [strategy.name, "\(result.batch)", "\(ByteCount(result.peakMemory))",
                        PlotAxis.format(result.overhead, decimals: 3) + "x", ratio]
            }
        }
    }

    private static func cells(_ row: SweepRow) -> [String] {
        [row.strategy, "\(ByteCount(row.budget))", row.peak.map { "\(ByteCount($0))" } ?? "",
         row.cost.map(significant) ?? "", row.overhead.map { PlotAxis.format($0, decimals: 3) } ?? "",
         row.bound.map(significant) ?? "", row.optimal ? "yes" : "no", PlotAxis.format(row.seconds, decimals: 2),
         row.status.rawValue, row.stageFormBound.map(significant) ?? "", row.optimalWithin?.rawValue ?? ""]
    }

    /// Six significant digits: `22993.2`.
    static func significant(_ value: Double) -> String {
        String(format: "%.6g", value)
    }

    /// `138,357,544`.
    static func grouped(_ value: Int) -> String {
        var reversed = ""
        for (position, digit) in String(value.magnitude).reversed().enumerated() {
            if position > 0, position % 3 == 0 { reversed.append(",") }
            reversed.append(digit)
        }
        return (value < 0 ? "-" : "") + String(reversed.reversed())
    }
}
