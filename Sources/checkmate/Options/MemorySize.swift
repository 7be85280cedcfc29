import Foundation

/// A number of bytes written as `16GB`, `512MiB`, `1.5GB` or `17179869184`.
///
/// GPU memory is sold in binary units, so `GB` and `GiB` both mean 2^30 bytes
/// (a "16 GB" V100 holds 16 GiB); likewise KB, MB and TB.
enum MemorySize {
    /// The bytes `text` names, or nil when it is not a size.
    static func parse(_ text: String) -> Int? {
        let lowered = text.lowercased().replacingOccurrences(of: " ", with: "")
        let units: [(suffix: String, shift: Int)] = [
            ("tib", 40), ("tb", 40), ("t", 40), ("gib", 30), ("gb", 30), ("g", 30),
            ("mib", 20), ("mb", 20), ("m", 20), ("kib", 10), ("kb", 10), ("k", 10), ("b", 0),
        ]
        var number = lowered
        var shift = 0
        if let unit = units.first(where: { lowered.hasSuffix($0.suffix) }) {
            number = String(lowered.dropLast(unit.suffix.count))
            shift = unit.shift
        }
        guard let value = Double(number), value.isFinite, value > 0 else { return nil }
        let bytes = (value * Double(1 << shift)).rounded()
        guard bytes < 9e18 else { return nil }
        return Int(bytes)
    }
}
