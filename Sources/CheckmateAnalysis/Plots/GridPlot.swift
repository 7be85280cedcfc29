/// A grid of coloured cells, rows from top to bottom: the picture of a
/// schedule's `R` and `S` matrices as a stage-by-node grid, as in the
/// Checkmate paper's schedule figures.
///
/// Cell values index ``states`` from 1; 0 is an empty cell. Each row's runs
/// of equal cells are drawn as one `<rect class="cell">`, and a grid with
/// more rows or columns than the picture has pixels is first binned, each
/// bin showing the highest state of the cells it covers, so the file stays
/// small for big graphs.
///
///     let plot = GridPlot(title: "R and S", rows: 2, columns: 2, cells: [2, 0, 1, 2],
///                         states: [.init(name: "retained", colour: "#9ecae1"),
///                                  .init(name: "computed", colour: "#08519c")],
///                         xAxis: PlotAxis(label: "node", unit: .count),
///                         yAxis: PlotAxis(label: "stage", unit: .count))
public struct GridPlot: Sendable {
    /// What a cell value means and how it is drawn.
    public struct State: Hashable, Sendable {
        public var name: String
        public var colour: String

        public init(name: String, colour: String) {
            self.name = name
            self.colour = colour
        }
    }

    public var title: String?
    public var rows: Int
    public var columns: Int
    /// Row by row: `cells[row * columns + column]` is 0 or a 1-based index into `states`.
    public var cells: [UInt8]
    /// The states in rising priority: a bin of cells shows the highest one among them.
    public var states: [State]
    /// The axes; both always span the grid exactly.
    public var xAxis: PlotAxis
    public var yAxis: PlotAxis
    /// Fixed left and right margins, to line up with other panels; nil fits them to the labels and legend.
    var margins: (left: Double, right: Double)?

    public init(title: String?, rows: Int, columns: Int, cells: [UInt8], states: [State],
                xAxis: PlotAxis, yAxis: PlotAxis) {
        precondition(cells.count == rows * columns, "a grid needs rows * columns cells")
        self.title = title
        self.rows = rows
        self.columns = columns
        self.cells = cells
        self.states = states
        self.xAxis = xAxis
        self.yAxis = yAxis
    }

    /// The grid as a standalone SVG document.
    public func svg(width: Double = 640, height: Double = 560) -> String {
        var document = SVGDocument(width: width, height: height)
        document.rect(x: 0, y: 0, width: width, height: height, fill: "white")
        draw(in: PlotFrame(width: width, height: height), on: &document)
        return document.rendered()
    }

    var legend: PlotLegend {
        PlotLegend(states.map { ($0.name, .box(colour: $0.colour)) })
    }

    /// Draws the grid, title, axes and legend included, inside `frame`.
    public func draw(in frame: PlotFrame, on document: inout SVGDocument) {
        var xAxis = xAxis, yAxis = yAxis
        xAxis.tight = true
        yAxis.tight = true
        let x = xAxis.scale(for: [0, Double(columns)], tickCount: 8)
        let y = yAxis.scale(for: [0, Double(rows)], tickCount: 8)
        let area = frame.dataArea(hasTitle: title != nil, y: y, legend: legend, margins: margins)
        if let title { document.plotTitle(title, in: frame) }
        document.axes(x: x, y: y, area: area, yDownwards: true)
        let binned = binned(maxRows: Int(area.height.rounded(.up)), maxColumns: Int(area.width.rounded(.up)))
        let unitWidth = area.width / Double(binned.columns)
        let unitHeight = area.height / Double(binned.rows)
        document.beginGroup(class: "cells", [("shape-rendering", "crispEdges")])
        for row in 0..<binned.rows {
            var start = 0
            while start < binned.columns {
                let value = binned.cells[row * binned.columns + start]
                var end = start + 1
                while end < binned.columns, binned.cells[row * binned.columns + end] == value { end += 1 }
                if value > 0 {
                    document.rect(x: area.x + Double(start) * unitWidth, y: area.y + Double(row) * unitHeight,
                                  width: Double(end - start) * unitWidth, height: unitHeight,
                                  fill: states[Int(value) - 1].colour, class: "cell")
                }
                start = end
            }
        }
        document.endGroup()
        legend.draw(x: area.maxX, y: area.y, on: &document)
    }

    /// The cells grouped into at most `maxRows` by `maxColumns` bins.
    func binned(maxRows: Int, maxColumns: Int) -> (rows: Int, columns: Int, cells: [UInt8]) {
        let rowBin = max(1, (rows + max(1, maxRows) - 1) / max(1, maxRows))
        let columnBin = max(1, (columns + max(1, maxColumns) - 1) / max(1, maxColumns))
        guard rowBin > 1 || columnBin > 1 else { return (rows, columns, cells) }
        let binRows = (rows + rowBin - 1) / rowBin
        let binColumns = (columns + columnBin - 1) / columnBin
        var result = Array(repeating: UInt8(0), count: binRows * binColumns)
        for row in 0..<rows {
            for column in 0..<columns {
                let bin = (row / rowBin) * binColumns + column / columnBin
                result[bin] = max(result[bin], cells[row * columns + column])
            }
        }
        return (binRows, binColumns, result)
    }
}
