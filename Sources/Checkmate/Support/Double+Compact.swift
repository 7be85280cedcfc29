import Foundation

extension Double {
    /// The value with at most seven significant digits (`30174.86`), for progress lines.
    public var compactDescription: String {
        String(format: "%.7g", self)
    }
}
