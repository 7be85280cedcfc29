/// The key of a plot: one swatch and name per series, band or line,
/// drawn in a column to the right of the plot area so it never covers data.
public struct PlotLegend: Sendable {
    /// How an entry's swatch looks.
    public enum Swatch: Sendable {
        case line(colour: String, dash: String?)
        case area(colour: String, opacity: Double)
        case box(colour: String)
    }

    public var entries: [(name: String, swatch: Swatch)]

    public init(_ entries: [(name: String, swatch: Swatch)]) {
        self.entries = entries
    }

    static let rowHeight = 18.0
    static let swatchWidth = 22.0

    /// The width the legend takes, gap to the plot included; 0 when it is empty.
    public var width: Double {
        guard let longest = entries.map({ PlotStyle.textWidth($0.name, size: PlotStyle.labelSize) }).max() else { return 0 }
        return 16 + Self.swatchWidth + 6 + longest + 8
    }

    /// Draws the legend with its top left corner at (`x`, `y`).
    public func draw(x: Double, y: Double, on document: inout SVGDocument) {
        guard !entries.isEmpty else { return }
        document.beginGroup(class: "legend")
        let left = x + 16
        for (row, entry) in entries.enumerated() {
            let middle = y + Self.rowHeight * (Double(row) + 0.5)
            switch entry.swatch {
            case .line(let colour, let dash):
                document.line(x1: left, y1: middle, x2: left + Self.swatchWidth, y2: middle,
                              stroke: colour, width: 2.5, dash: dash)
            case .area(let colour, let opacity):
                document.rect(x: left, y: middle - 6, width: Self.swatchWidth, height: 12,
                              fill: colour, opacity: opacity)
            case .box(let colour):
                document.rect(x: left + 5, y: middle - 6, width: 12, height: 12, fill: colour, stroke: "#555")
            }
            document.text(entry.name, x: left + Self.swatchWidth + 6, y: middle + 4, size: PlotStyle.labelSize)
        }
        document.endGroup()
    }
}
