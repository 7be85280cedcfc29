/// The rectangle of a picture that one plot or panel draws in.
public struct PlotFrame: Hashable, Sendable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double = 0, y: Double = 0, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public var maxX: Double { x + width }
    public var maxY: Double { y + height }

    /// The part of the frame left for data once the title, the y axis' labels
    /// and title, the x axis' labels and title and the legend have their room.
    func dataArea(
        hasTitle: Bool, y: PlotAxis.Scale, legend: PlotLegend, margins: (left: Double, right: Double)?
    ) -> PlotFrame {
        let longestTick = y.labels.map { PlotStyle.textWidth($0, size: PlotStyle.tickSize) }.max() ?? 0
        return inset(left: margins?.left ?? longestTick + 42, top: hasTitle ? 38 : 12,
                     right: margins?.right ?? legend.width + 6, bottom: 48)
    }

    /// The frame shrunk by the given margins.
    public func inset(left: Double = 0, top: Double = 0, right: Double = 0, bottom: Double = 0) -> PlotFrame {
        PlotFrame(x: x + left, y: y + top, width: max(1, width - left - right), height: max(1, height - top - bottom))
    }
}

/// Colours, dashes and sizes shared by every plot, so a strategy looks the
/// same in each picture that lists strategies in the same order.
enum PlotStyle {
    /// Okabe and Ito's colour-blind-safe palette, without its yellow, then two darks.
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8C564B", "#444444"]
    /// Dash patterns cycled with the palette, so lines differ in grey print too.
    static let dashes: [String?] = [nil, "7 3", nil, "2 3", "7 3 2 3", nil, "4 2", "2 2"]

    static let titleSize = 15.0
    static let labelSize = 12.0
    static let tickSize = 11.0
    static let axisColour = "#333"
    static let gridColour = "#e4e4e4"

    static func colour(_ index: Int) -> String { palette[index % palette.count] }
    static func dash(_ index: Int) -> String? { dashes[index % dashes.count] }

    /// A rough width of `text` at `size` points, for layout (DejaVu Sans averages about 0.6 em).
    static func textWidth(_ text: String, size: Double) -> Double {
        Double(text.count) * size * 0.6
    }
}
