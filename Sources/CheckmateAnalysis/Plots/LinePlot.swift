/// A plot of lines over a shared x axis, with a shaded floor and horizontal
/// reference lines: the shape of the Checkmate paper's Figure 5 (overhead
/// against budget, one line per strategy) and of its memory-over-time panels.
///
/// Drawn as a pure function of its data. Each series is a `<g class="series">`
/// holding one `<polyline>` and, with markers, one `<circle class="point">`
/// per point; the floor is a `<polygon class="floor">`, each reference a
/// `<line class="reference">`.
///
///     var plot = LinePlot(title: "vgg16: overhead against budget",
///                         xAxis: PlotAxis(label: "budget", unit: .bytes),
///                         yAxis: PlotAxis(label: "overhead", includes: [1]))
///     plot.series = [.init(name: "milp", points: [(2e9, 1.3), (4e9, 1.0)])]
///     let svg = plot.svg()
public struct LinePlot: Sendable {
    /// One named line.
    public struct Series: Sendable {
        /// How the line joins its points.
        public enum Interpolation: Sendable {
            /// Straight from point to point.
            case linear
            /// Each value holds until the next point's x, as memory does between steps.
            case steps
        }

        public var name: String
        /// The points, in order of x.
        public var points: [(x: Double, y: Double)]
        /// Whether each point gets a dot.
        public var markers: Bool
        public var interpolation: Interpolation

        public init(name: String, points: [(x: Double, y: Double)], markers: Bool = true,
                    interpolation: Interpolation = .linear) {
            self.name = name
            self.points = points
            self.markers = markers
            self.interpolation = interpolation
        }
    }

    /// A shaded area from the bottom of the plot up to a curve: a bound no line can go below.
    public struct Floor: Sendable {
        public var name: String
        public var points: [(x: Double, y: Double)]

        public init(name: String, points: [(x: Double, y: Double)]) {
            self.name = name
            self.points = points
        }
    }

    /// A dashed horizontal line across the plot at `value`, such as a memory budget.
    public struct Reference: Sendable {
        public var name: String
        public var value: Double

        public init(name: String, value: Double) {
            self.name = name
            self.value = value
        }
    }

    public var title: String?
    public var xAxis: PlotAxis
    public var yAxis: PlotAxis
    public var series: [Series] = []
    public var floor: Floor?
    public var references: [Reference] = []
    /// Fixed left and right margins, to line up with other panels; nil fits them to the labels and legend.
    var margins: (left: Double, right: Double)?

    public init(title: String?, xAxis: PlotAxis, yAxis: PlotAxis) {
        self.title = title
        self.xAxis = xAxis
        self.yAxis = yAxis
    }

    /// The plot as a standalone SVG document.
    public func svg(width: Double = 760, height: Double = 440) -> String {
        var document = SVGDocument(width: width, height: height)
        document.rect(x: 0, y: 0, width: width, height: height, fill: "white")
        draw(in: PlotFrame(width: width, height: height), on: &document)
        return document.rendered()
    }

    var legend: PlotLegend {
        PlotLegend(
            (floor.map { [($0.name, PlotLegend.Swatch.area(colour: "#7f7f7f", opacity: 0.25))] } ?? [])
                + series.indices.map { (series[$0].name, .line(colour: PlotStyle.colour($0), dash: PlotStyle.dash($0))) }
                + references.map { ($0.name, .line(colour: "#C00000", dash: "5 4")) })
    }

    /// Draws the plot, title, axes and legend included, inside `frame`.
    public func draw(in frame: PlotFrame, on document: inout SVGDocument) {
        let allPoints = series.flatMap(\.points) + (floor?.points ?? [])
        let x = xAxis.scale(for: allPoints.map(\.x))
        let y = yAxis.scale(for: allPoints.map(\.y) + references.map(\.value))
        let area = frame.dataArea(hasTitle: title != nil, y: y, legend: legend, margins: margins)
        if let title { document.plotTitle(title, in: frame) }
        document.axes(x: x, y: y, area: area)
        let place = { (point: (x: Double, y: Double)) in
            (x: x.position(point.x, from: area.x, to: area.maxX), y: y.position(point.y, from: area.maxY, to: area.y))
        }
        if let floor, !floor.points.isEmpty {
            let curve = floor.points.map(place)
            document.polygon([(curve[0].x, area.maxY)] + curve + [(curve[curve.count - 1].x, area.maxY)],
                             fill: "#7f7f7f", opacity: 0.25, class: "floor")
        }
        for reference in references {
            let py = y.position(reference.value, from: area.maxY, to: area.y)
            document.line(x1: area.x, y1: py, x2: area.maxX, y2: py, stroke: "#C00000", width: 1.5, dash: "5 4",
                          class: "reference")
        }
        for (index, line) in series.enumerated() {
            document.beginGroup(class: "series", [("data-name", line.name)])
            let colour = PlotStyle.colour(index)
            let pixels = Self.thinned(Self.joined(line.points, line.interpolation).map(place), columns: area.width)
            if pixels.count > 1 {
                document.polyline(pixels, stroke: colour, width: 2, dash: PlotStyle.dash(index))
            }
            if line.markers {
                for point in line.points.map(place) {
                    document.circle(x: point.x, y: point.y, radius: 3.5, fill: colour, class: "point")
                }
            }
            document.endGroup()
        }
        legend.draw(x: area.maxX, y: area.y, on: &document)
    }

    /// The corners a line passes through between `points`.
    static func joined(_ points: [(x: Double, y: Double)], _ interpolation: Series.Interpolation) -> [(x: Double, y: Double)] {
        guard interpolation == .steps, points.count > 1 else { return points }
        var corners: [(x: Double, y: Double)] = []
        corners.reserveCapacity(points.count * 2)
        for (point, next) in zip(points, points.dropFirst()) {
            corners.append(point)
            corners.append((next.x, point.y))
        }
        corners.append(points[points.count - 1])
        return corners
    }

    /// At most the first, lowest, highest and last point of each pixel column,
    /// in their order, so a long line stays small and keeps its peaks.
    static func thinned(_ pixels: [(x: Double, y: Double)], columns: Double) -> [(x: Double, y: Double)] {
        guard Double(pixels.count) > 4 * columns else { return pixels }
        var result: [(x: Double, y: Double)] = []
        var start = 0
        while start < pixels.count {
            let column = pixels[start].x.rounded(.down)
            var end = start
            while end + 1 < pixels.count, pixels[end + 1].x.rounded(.down) == column { end += 1 }
            let bucket = start...end
            let lowest = bucket.max { pixels[$0].y < pixels[$1].y }!
            let highest = bucket.min { pixels[$0].y < pixels[$1].y }!
            for index in Set([start, lowest, highest, end]).sorted() { result.append(pixels[index]) }
            start = end + 1
        }
        return result
    }
}
