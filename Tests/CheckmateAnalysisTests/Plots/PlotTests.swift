import CheckmateTestSupport
import Checkmate
import Testing
@testable import CheckmateAnalysis

@Suite struct PlotTests {
    @Test func linePlotHasOneGroupPerSeriesAndOneDotPerPoint() throws {
        var plot = LinePlot(title: "g <1>: overhead", xAxis: PlotAxis(label: "budget", unit: .bytes),
                            yAxis: PlotAxis(label: "overhead", includes: [1]))
        plot.series = [
            .init(name: "milp", points: [(1e9, 1.5), (2e9, 1.2), (3e9, 1.0)]),
            .init(name: "a & b", points: [(2e9, 1.4), (3e9, 1.1)]),
            .init(name: "empty", points: []),
        ]
        plot.floor = .init(name: "lower bound", points: [(1e9, 1.3), (2e9, 1.1), (3e9, 1.0)])
        let inspector = try #require(SVGInspector(plot.svg()))
        #expect(inspector.count(class: "series") == 3)
        #expect(inspector.count(class: "point") == 5)
        #expect(inspector.count(element: "polyline") == 2)
        #expect(inspector.count(class: "floor") == 1)
        #expect(inspector.count(class: "title") == 1)
        #expect(inspector.texts.contains("g <1>: overhead"))
        #expect(inspector.texts.contains("budget (GiB)"))
        for name in ["milp", "a & b", "empty", "lower bound"] { #expect(inspector.texts.contains(name)) }
    }

    @Test func longLinesAreThinnedButKeepTheirPeak() throws {
        let points = (0..<100_000).map { (x: Double($0), y: $0 == 51_234 ? 1000.0 : Double($0 % 7)) }
        var plot = LinePlot(title: nil, xAxis: PlotAxis(label: "step", unit: .count), yAxis: PlotAxis(label: "memory"))
        plot.series = [.init(name: "memory", points: points, markers: false)]
        plot.references = [.init(name: "budget", value: 900)]
        let svg = plot.svg()
        #expect(svg.utf8.count < 200_000)
        let inspector = try #require(SVGInspector(svg))
        #expect(inspector.count(class: "reference") == 1)
        let polyline = try #require(inspector.attributes.first { $0["element"] == "polyline" }?["points"])
        let ys = polyline.split(separator: " ").compactMap { Double($0.split(separator: ",")[1]) }
        let scale = PlotAxis(label: "memory").scale(for: points.map(\.y) + [900])
        #expect(ys.min() == Double(SVGDocument.number(scale.position(1000, from: 440 - 48, to: 12))))
    }

    @Test func stepLinesHoldEachValueUntilTheNextPoint() {
        let corners = LinePlot.joined([(0, 1), (1, 3), (2, 2)], .steps)
        #expect(corners.map(\.x) == [0, 1, 1, 2, 2])
        #expect(corners.map(\.y) == [1, 1, 3, 3, 2])
    }

    @Test func gridMergesRunsOfEqualCells() throws {
        let cells: [UInt8] = [
            2, 2, 0, 1, 1, 1,
            0, 0, 0, 0, 0, 0,
            1, 2, 1, 2, 2, 0,
        ]
        let grid = GridPlot(title: "t", rows: 3, columns: 6, cells: cells,
                            states: [.init(name: "retained", colour: "#9ecae1"), .init(name: "computed", colour: "#08519c")],
                            xAxis: PlotAxis(label: "node", unit: .count), yAxis: PlotAxis(label: "stage", unit: .count))
        let inspector = try #require(SVGInspector(grid.svg()))
        #expect(inspector.count(class: "cell") == 2 + 0 + 4)
    }

    @Test func bigGridsAreBinnedToThePixels() throws {
        let n = 3000
        var cells = [UInt8](repeating: 0, count: n * n)
        for row in 0..<n { for column in 0...row { cells[row * n + column] = column % 2 == 0 ? 2 : 1 } }
        let grid = GridPlot(title: nil, rows: n, columns: n, cells: cells,
                            states: [.init(name: "retained", colour: "#9ecae1"), .init(name: "computed", colour: "#08519c")],
                            xAxis: PlotAxis(label: "node", unit: .count), yAxis: PlotAxis(label: "stage", unit: .count))
        let binned = grid.binned(maxRows: 500, maxColumns: 500)
        #expect(binned.rows == 500 && binned.columns == 500)
        // A bin holding a computed cell shows it computed.
        #expect(binned.cells[0] == 2 && binned.cells[1] == 0 && binned.cells[501] == 2)
        let svg = grid.svg()
        #expect(svg.utf8.count < 2_000_000)
        #expect(SVGInspector(svg) != nil)
    }

    @Test func barChartDrawsOneBarPerValueAndMarksMissingOnes() throws {
        let chart = BarChart(title: "Max batch size at 16 GiB", groups: ["vgg19", "resnet50"],
                             series: ["checkpoint-all", "chen-sqrtn", "milp"],
                             values: [[191, 223, 289], [101, nil, 193]],
                             yAxis: PlotAxis(label: "batch size", unit: .count))
        let inspector = try #require(SVGInspector(chart.svg()))
        #expect(inspector.count(class: "bar") == 5)
        #expect(inspector.count(class: "missing") == 1)
        #expect(inspector.texts.contains("289"))
        #expect(inspector.texts.contains("resnet50"))
    }

    @Test func schedulePictureShowsStagesMemoryAndBudget() throws {
        let graph = TrainingGraph.chain(length: 4)
        var retain = StageMatrix(count: graph.count)
        for t in 1..<graph.count { retain[t, 0] = true }
        let schedule = StagePlan(graph: graph, retain: retain).schedule(for: graph)
        let replay = try graph.replay(schedule)
        let picture = try SchedulePicture(graph: graph, schedule: schedule, strategy: "test", budget: replay.peakMemory + 2)
        let inspector = try #require(SVGInspector(picture.svg()))
        #expect(inspector.count(class: "stage-grid") == 1)
        #expect(inspector.count(class: "series") == 1)
        #expect(inspector.count(class: "reference") == 1)
        #expect(inspector.count(class: "cell") > 0)
        #expect(inspector.texts.contains { $0.hasPrefix("chain4: test schedule at") })
    }

    @Test func schedulePictureRejectsAnInvalidSchedule() {
        let graph = TrainingGraph.chain(length: 2)
        #expect(throws: ReplayError.inputNotLive(step: 0, node: 1, input: 0)) {
            try SchedulePicture(graph: graph, schedule: Schedule(steps: [.compute(1)]), strategy: "x", budget: nil)
        }
    }
}
