import Foundation

/// One axis of a plot: what it measures, in which unit, and over which range.
///
/// `scale(for:)` fits the axis to data with "nice" ticks (1, 2 or 5 times
/// a power of ten), and for ``Unit/bytes`` first picks the binary unit
/// (KiB, MiB, GiB, ...) the data reads best in, so the title says the unit
/// once and the tick labels stay short.
///
///     let axis = PlotAxis(label: "budget", unit: .bytes)
///     let scale = axis.scale(for: [3 << 30, 8 << 30])
///     scale.title       // "budget (GiB)"
///     scale.ticks       // [3, 4, 5, 6, 7, 8] GiB, in bytes
public struct PlotAxis: Sendable {
    /// How values on the axis are measured.
    public enum Unit: Sendable, Hashable {
        /// Plain numbers, with the unit's name (if any) in the title.
        case plain(String?)
        /// Bytes, shown in the binary unit that suits the range.
        case bytes
        /// Whole numbers (indices, counts): ticks never fall between them.
        case count
    }

    public var label: String
    public var unit: Unit
    /// Values the axis always covers besides the data (for example 0, or 1.0 for overhead).
    public var includes: [Double]
    /// Whether the axis spans the values exactly, with ticks only inside,
    /// rather than widening to whole ticks.
    public var tight: Bool

    public init(label: String, unit: Unit = .plain(nil), includes: [Double] = [], tight: Bool = false) {
        self.label = label
        self.unit = unit
        self.includes = includes
        self.tight = tight
    }

    /// The axis fitted to `values`: its range, ticks and title.
    public func scale(for values: [Double], tickCount: Int = 6) -> Scale {
        let finite = (values + includes).filter(\.isFinite)
        var lower = finite.min() ?? 0
        var upper = finite.max() ?? 1
        let divisor: Double
        let unitName: String?
        switch unit {
        case .plain(let name):
            divisor = 1
            unitName = name
        case .count:
            divisor = 1
            unitName = nil
        case .bytes:
            let names = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
            var power = 0
            while power < names.count - 1, max(abs(lower), abs(upper)) >= pow(1024, Double(power + 1)) { power += 1 }
            divisor = pow(1024, Double(power))
            unitName = names[power]
        }
        lower /= divisor
        upper /= divisor
        if upper - lower <= 0 {
            let pad = lower == 0 ? 1 : abs(lower) * 0.1
            lower -= pad
            upper += pad
        }
        var step = Self.niceStep((upper - lower) / Double(max(1, tickCount - 1)))
        if unit == .count || unit == .bytes && divisor == 1 { step = max(1, step.rounded()) }
        let first = (lower / step).rounded(tight ? .up : .down)
        let last = (upper / step).rounded(tight ? .down : .up)
        let ticks = stride(from: first, through: last, by: 1).map { $0 * step }
        let decimals = max(0, Int(-log10(step).rounded(.down)))
        let title = unitName.map { "\(label) (\($0))" } ?? label
        return Scale(lower: (tight ? lower : first * step) * divisor, upper: (tight ? upper : last * step) * divisor,
                     ticks: ticks.map { $0 * divisor },
                     labels: ticks.map { Self.format($0, decimals: decimals) }, title: title)
    }

    /// The smallest of 1, 2, 5 or 10 times a power of ten that is at least `rough`.
    static func niceStep(_ rough: Double) -> Double {
        guard rough > 0, rough.isFinite else { return 1 }
        let magnitude = pow(10, log10(rough).rounded(.down))
        let residual = rough / magnitude
        let factor: Double = residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10
        return factor * magnitude
    }

    static func format(_ value: Double, decimals: Int) -> String {
        let text = String(format: "%.\(decimals)f", value)
        return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
    }

    /// An axis fitted to data: the range it spans and where its ticks go.
    public struct Scale: Sendable {
        /// The value at the axis' start, in data units (bytes for a bytes axis).
        public var lower: Double
        /// The value at the axis' end.
        public var upper: Double
        /// Tick positions in data units, from `lower` to `upper`.
        public var ticks: [Double]
        /// The label of each tick, in the title's unit.
        public var labels: [String]
        /// The axis title with its unit: `budget (GiB)`.
        public var title: String

        /// Where `value` falls between `start` (at `lower`) and `end` (at `upper`).
        public func position(_ value: Double, from start: Double, to end: Double) -> Double {
            guard upper > lower else { return start }
            return start + (value - lower) / (upper - lower) * (end - start)
        }
    }
}
