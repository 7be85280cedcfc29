import ArgumentParser
import Foundation

/// Transforms for option values that say what is wrong with a value: the
/// range it must be in, not "Missing value" or a trap.
enum OptionValue {
    /// The longest time limit: a year, in seconds.
    static let secondsLimit = 365.0 * 24 * 3600

    /// The most threads a solver may be given.
    static let threadLimit = 1024

    /// Seconds from 0 to a year.
    static func seconds(_ text: String) throws -> Double {
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite else {
            throw ValidationError("--time-limit must be a number of seconds, not '\(text)'")
        }
        guard value >= 0, value <= secondsLimit else {
            throw ValidationError("--time-limit must be from 0 to \(Int(secondsLimit)) seconds (a year), not \(text)")
        }
        return value
    }

    /// A relative gap from 0 to below 1.
    static func gap(_ text: String) throws -> Double {
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite, value >= 0, value < 1 else {
            throw ValidationError("--gap must be a number from 0 to below 1, not '\(text)'")
        }
        return value
    }

    /// A whole number in `range` for `option`.
    static func count(_ text: String, option: String, in range: ClosedRange<Int>) throws -> Int {
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
            throw ValidationError("\(option) must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
        }
        return value
    }
}
