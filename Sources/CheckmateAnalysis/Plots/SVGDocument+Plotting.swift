/// The parts every plot shares: a title, and axes with ticks, grid lines and titles.
extension SVGDocument {
    /// A bold title at the top left of `frame`, shrunk to fit its width.
    mutating func plotTitle(_ title: String, in frame: PlotFrame) {
        let fitting = (frame.width - 16) / PlotStyle.textWidth(title, size: 1)
        text(title, x: frame.x + 8, y: frame.y + 22, size: min(PlotStyle.titleSize, fitting), bold: true,
             class: "title")
    }

    /// Axes around `area`: grid lines and labels at each tick, and each axis' title.
    ///
    /// `y` runs upwards unless `yDownwards` (as stages do in a grid);
    /// `verticalGrid: false` leaves out the grid lines across the x ticks.
    mutating func axes(
        x: PlotAxis.Scale, y: PlotAxis.Scale, area: PlotFrame, yDownwards: Bool = false, verticalGrid: Bool = true
    ) {
        beginGroup(class: "axes")
        for (tick, label) in zip(x.ticks, x.labels) {
            let px = x.position(tick, from: area.x, to: area.maxX)
            if verticalGrid { line(x1: px, y1: area.y, x2: px, y2: area.maxY, stroke: PlotStyle.gridColour) }
            line(x1: px, y1: area.maxY, x2: px, y2: area.maxY + 5, stroke: PlotStyle.axisColour)
            text(label, x: px, y: area.maxY + 18, anchor: .middle, size: PlotStyle.tickSize)
        }
        for (tick, label) in zip(y.ticks, y.labels) {
            let py = yDownwards
                ? y.position(tick, from: area.y, to: area.maxY) : y.position(tick, from: area.maxY, to: area.y)
            line(x1: area.x, y1: py, x2: area.maxX, y2: py, stroke: PlotStyle.gridColour)
            line(x1: area.x - 5, y1: py, x2: area.x, y2: py, stroke: PlotStyle.axisColour)
            text(label, x: area.x - 8, y: py + 4, anchor: .end, size: PlotStyle.tickSize)
        }
        rect(x: area.x, y: area.y, width: area.width, height: area.height, fill: "none", stroke: PlotStyle.axisColour)
        if !x.title.isEmpty {
            text(x.title, x: area.x + area.width / 2, y: area.maxY + 38, anchor: .middle, size: PlotStyle.labelSize,
                 class: "axis-title")
        }
        let longestTick = y.labels.map { PlotStyle.textWidth($0, size: PlotStyle.tickSize) }.max() ?? 0
        let titleX = area.x - longestTick - 20
        text(y.title, x: titleX, y: area.y + area.height / 2, anchor: .middle, size: PlotStyle.labelSize,
             rotation: -90, class: "axis-title")
        endGroup()
    }
}
