import Checkmate
import CheckmateAnalysis

/// A budget as the command line writes it: a byte count, a size with a
/// unit, a share of the checkpoint-all peak, or a multiple of the memory
/// lower bound.
///
///     try Budget(parsing: "12884901888")   // .bytes(12884901888)
///     try Budget(parsing: "12GiB")         // .bytes(12 * 1024 * 1024 * 1024)
///     try Budget(parsing: "800MB")         // .bytes(800_000_000)
///     try Budget(parsing: "60%")           // .shareOfCheckpointAll(0.6)
///     try Budget(parsing: "1.1x")          // .multipleOfMemoryLowerBound(1.1)
///
/// Units are decimal (`kB`/`KB`, `MB`, `GB`, `TB`: powers of 1000) or binary
/// (`KiB`, `MiB`, `GiB`, `TiB`: powers of 1024), in any letter case, with an
/// optional space before them. Fractional sizes round down to whole bytes.
extension Budget {
    private static let units: [(suffix: String, bytes: Double)] = [
        ("b", 1),
        ("kb", 1e3), ("mb", 1e6), ("gb", 1e9), ("tb", 1e12),
        ("kib", 0x1p10), ("mib", 0x1p20), ("gib", 0x1p30), ("tib", 0x1p40),
    ]

    /// Parses a budget argument.
    ///
    /// - Throws: `BudgetError` saying what is wrong with `text`.
    init(parsing text: String) throws(BudgetError) {
        let trimmed = text.trimmingWhitespace()
        if trimmed.hasSuffix("%") {
            let number = String(trimmed.dropLast()).trimmingWhitespace()
            guard let percent = Double(number), percent.isFinite, percent > 0 else {
                throw BudgetError(text: text, reason: "a share must be a positive number of percent, like 60%")
            }
            guard percent <= 1e6 else { throw BudgetError(text: text, reason: "a share may be at most 1000000%") }
            self = .shareOfCheckpointAll(percent / 100)
            return
        }
        if trimmed.lowercased().hasSuffix("x") {
            let number = String(trimmed.dropLast()).trimmingWhitespace()
            guard let multiple = Double(number), multiple.isFinite, multiple > 0 else {
                throw BudgetError(text: text, reason: "a multiple of the memory lower bound must be a positive number, like 1.1x")
            }
            guard multiple <= 1e6 else { throw BudgetError(text: text, reason: "a multiple may be at most 1000000x") }
            self = .multipleOfMemoryLowerBound(multiple)
            return
        }
        guard !trimmed.hasPrefix("-") else { throw BudgetError(text: text, reason: "a budget must not be negative") }
        let digits = trimmed.prefix { ($0.isASCII && $0.isNumber) || $0 == "." }
        let suffix = trimmed.dropFirst(digits.count).trimmingWhitespace().lowercased()
        guard !digits.isEmpty, let value = Double(digits), value.isFinite else {
            throw BudgetError(text: text, reason: "expected bytes (12884901888), a size with a unit (12GiB, 800MB), a share of the checkpoint-all peak (60%) or a multiple of the memory lower bound (1.1x)")
        }
        if suffix.isEmpty {
            guard !digits.contains(".") else {
                throw BudgetError(text: text, reason: "a byte count must be a whole number; add a unit for fractions (1.5GiB)")
            }
            guard let bytes = Int(digits), bytes <= ByteCount.limit else { throw Self.tooLarge(text) }
            self = .bytes(bytes)
            return
        }
        guard let unit = Self.units.first(where: { $0.suffix == suffix }) else {
            throw BudgetError(text: text, reason: "unknown unit '\(suffix)'; use B, KB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024)")
        }
        let bytes = (value * unit.bytes).rounded(.down)
        guard bytes <= Double(ByteCount.limit) else { throw Self.tooLarge(text) }
        self = .bytes(Int(bytes))
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
