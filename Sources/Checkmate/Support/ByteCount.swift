/// A number of bytes, printed in binary units (`12.0 GiB`).
public struct ByteCount: Hashable, Sendable, CustomStringConvertible {
    /// The most bytes the project counts: 2^53 - 1, exact in a JSON number
    /// (a double). Graphs, budgets and files stay within it.
    public static let limit = (1 << 53) - 1

    public var bytes: Int

    public init(_ bytes: Int) {
        self.bytes = bytes
    }

    public var description: String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
        var value = Double(bytes)
        var unit = 0
        while abs(value) >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if unit == 0 { return "\(bytes) B" }
        let rounded = (value * 100).rounded() / 100
        return "\(rounded) \(units[unit])"
    }
}
