import Checkmate

/// The picture of one schedule, as in the Checkmate paper's schedule
/// figures: its `StageView` as a stage-by-node grid (computed, retained,
/// neither) above its memory over the schedule's steps against the budget.
///
/// The grid is `<g class="cells">` of a ``GridPlot``; the memory panel is a
/// ``LinePlot`` with one series (memory) and the budget as a reference line.
///
///     let picture = try SchedulePicture(graph: graph, solution: solution)
///     let svg = picture.svg()
public struct SchedulePicture: Sendable {
    public var title: String
    public let stages: StageView
    public let replay: Replay
    public let budget: Int?
    public let nodeCount: Int

    /// The picture of `schedule` on `graph`, named after `strategy`, with an optional budget line.
    ///
    /// - Throws: the `ReplayError` of the first step that breaks a rule.
    public init(graph: TrainingGraph, schedule: Schedule, strategy: String, budget: Int?) throws(ReplayError) {
        self.stages = try StageView(graph: graph, schedule: schedule)
        self.replay = try graph.replay(schedule)
        self.budget = budget
        self.nodeCount = graph.count
        let budgetText = budget.map { " at \(ByteCount($0))" } ?? ""
        let overhead = PlotAxis.format(replay.overhead(in: graph), decimals: 2)
        self.title = "\(graph.name): \(strategy) schedule\(budgetText) (peak \(ByteCount(replay.peakMemory)), "
            + "overhead \(overhead)x)"
    }

    /// The picture of a solution: its schedule against its budget.
    public init(graph: TrainingGraph, solution: Solution) throws(ReplayError) {
        try self.init(graph: graph, schedule: solution.schedule, strategy: solution.strategy, budget: solution.budget)
    }

    /// The grid of the stage view: 2 where a stage computes a node, 1 where it retains it.
    public var grid: GridPlot {
        let n = stages.count
        var cells = Array(repeating: UInt8(0), count: n * n)
        for t in 0..<n {
            for i in 0..<n {
                cells[t * n + i] = stages.recomputation[t, i] ? 2 : stages.retention[t, i] ? 1 : 0
            }
        }
        return GridPlot(
            title: nil, rows: n, columns: n, cells: cells,
            states: [GridPlot.State(name: "retained (S)", colour: "#9ecae1"),
                     GridPlot.State(name: "computed (R)", colour: "#08519c")],
            xAxis: PlotAxis(label: "node (topological index)", unit: .count),
            yAxis: PlotAxis(label: "stage", unit: .count))
    }

    /// Memory while each step runs, against the budget.
    public var memoryPlot: LinePlot {
        // Headroom above the budget and the peak keeps both lines clear of the frame.
        let top = Double(max(budget ?? 0, replay.peakMemory)) * 1.08
        var plot = LinePlot(title: nil, xAxis: PlotAxis(label: "schedule step", unit: .count, tight: true),
                            yAxis: PlotAxis(label: "memory", unit: .bytes, includes: [0, top]))
        let points = replay.memoryTimeline.enumerated().map { (x: Double($0.offset), y: Double($0.element)) }
        plot.series = [.init(name: "memory", points: points, markers: false, interpolation: .steps)]
        plot.references = budget.map { [.init(name: "budget", value: Double($0))] } ?? []
        return plot
    }

    /// The picture as a standalone SVG document: title, grid, then memory.
    public func svg(width: Double = 820) -> String {
        let gridHeight = min(620, max(320, width * 0.68))
        let memoryHeight = 250.0
        let height = 34 + gridHeight + memoryHeight
        var grid = self.grid, memoryPlot = self.memoryPlot
        let margins = (left: 96.0, right: max(grid.legend.width, memoryPlot.legend.width) + 6)
        grid.margins = margins
        memoryPlot.margins = margins
        var document = SVGDocument(width: width, height: height)
        document.rect(x: 0, y: 0, width: width, height: height, fill: "white")
        document.plotTitle(title, in: PlotFrame(width: width, height: 34))
        document.beginGroup(class: "stage-grid")
        grid.draw(in: PlotFrame(x: 0, y: 34, width: width, height: gridHeight), on: &document)
        document.endGroup()
        document.beginGroup(class: "memory")
        memoryPlot.draw(in: PlotFrame(x: 0, y: 34 + gridHeight, width: width, height: memoryHeight), on: &document)
        document.endGroup()
        return document.rendered()
    }
}
