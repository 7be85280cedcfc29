/// Bars grouped along the x axis, one colour per series: the shape of the
/// Checkmate paper's Figure 6 (the largest batch each strategy fits, per model).
///
/// Each bar is a `<rect class="bar">` with its value (or its label) printed
/// above it; a missing value (no schedule fits at any batch size) draws no bar but a
/// `<text class="missing">` dash in its place.
///
///     let chart = BarChart(title: "Max batch size at 16 GiB", groups: ["vgg19", "resnet50"],
///                          series: ["checkpoint-all", "milp"], values: [[191, 289], [101, 193]],
///                          yAxis: PlotAxis(label: "batch size", unit: .count))
///     let svg = chart.svg()
public struct BarChart: Sendable {
    public var title: String?
    /// The labels along the x axis (models).
    public var groups: [String]
    /// The bars within each group (strategies), in legend order.
    public var series: [String]
    /// `values[group][series]`, nil where there is no value.
    public var values: [[Double?]]
    public var yAxis: PlotAxis
    /// `labels[group][series]`: the text above each bar instead of its value
    /// (for example a batch size over a bar drawn as a ratio); nil for the values.
    public var labels: [[String?]]?

    public init(title: String?, groups: [String], series: [String], values: [[Double?]], yAxis: PlotAxis,
                labels: [[String?]]? = nil) {
        precondition(values.count == groups.count && values.allSatisfy { $0.count == series.count },
                     "a bar chart needs one value per group and series")
        precondition(labels.map { $0.count == groups.count && $0.allSatisfy { $0.count == series.count } } ?? true,
                     "a bar chart's labels need one entry per group and series")
        self.title = title
        self.groups = groups
        self.series = series
        self.values = values
        self.yAxis = yAxis
        self.labels = labels
    }

    /// The chart as a standalone SVG document.
    public func svg(width: Double = 760, height: Double = 420) -> String {
        var document = SVGDocument(width: width, height: height)
        document.rect(x: 0, y: 0, width: width, height: height, fill: "white")
        draw(in: PlotFrame(width: width, height: height), on: &document)
        return document.rendered()
    }

    /// Draws the chart, title, axes and legend included, inside `frame`.
    public func draw(in frame: PlotFrame, on document: inout SVGDocument) {
        let data = values.flatMap { $0.compactMap { $0 } }
        var y = yAxis
        // Room above the tallest bar for its label.
        y.includes += [0, (data.max() ?? 0) * 1.08]
        let scale = y.scale(for: data)
        let legend = PlotLegend(series.indices.map { (series[$0], .box(colour: PlotStyle.colour($0))) })
        let area = frame.dataArea(hasTitle: title != nil, y: scale, legend: legend, margins: nil)
        if let title { document.plotTitle(title, in: frame) }
        let groupAxis = PlotAxis.Scale(
            lower: 0, upper: Double(groups.count), ticks: groups.indices.map { Double($0) + 0.5 },
            labels: groups, title: "")
        document.axes(x: groupAxis, y: scale, area: area, verticalGrid: false)
        let groupWidth = area.width / Double(max(1, groups.count))
        let barWidth = groupWidth * 0.8 / Double(max(1, series.count))
        let base = scale.position(0, from: area.maxY, to: area.y)
        for (group, row) in values.enumerated() {
            for (index, value) in row.enumerated() {
                let left = area.x + groupWidth * (Double(group) + 0.1) + barWidth * Double(index)
                let middle = left + barWidth / 2
                guard let value else {
                    document.text("–", x: middle, y: base - 4, anchor: .middle, size: PlotStyle.tickSize,
                                  class: "missing")
                    continue
                }
                let top = scale.position(value, from: area.maxY, to: area.y)
                let number = PlotAxis.format(value, decimals: value == value.rounded() ? 0 : 2)
                let label = labels?[group][index]
                document.beginGroup(class: "bar-group", [("data-series", series[index]), ("data-group", groups[group])])
                document.tooltip("\(groups[group]), \(series[index]): \(number)" + (label.map { " (\($0))" } ?? ""))
                document.rect(x: left + 1, y: min(top, base), width: max(1, barWidth - 2), height: abs(base - top),
                              fill: PlotStyle.colour(index), class: "bar")
                document.text(label ?? number,
                              x: middle, y: min(top, base) - 4, anchor: .middle,
                              size: min(PlotStyle.tickSize, barWidth * 0.45), class: "value")
                document.endGroup()
            }
        }
        legend.draw(x: area.maxX, y: area.y, on: &document)
    }
}
