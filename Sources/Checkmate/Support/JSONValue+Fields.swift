import Foundation

/// Reading the typed fields of the project's files, with the reason a value
/// is rejected in words that name the rule (each file's error adds where).
extension JSONValue {
    /// The value as a whole number from `range`.
    ///
    /// - Throws: the reason, like "must be a whole number, not 1.5".
    public func wholeNumber(in range: ClosedRange<Int>) throws(FieldError) -> Int {
        let number = try self.number(kind: "a whole number")
        guard number == number.rounded() else { throw FieldError("must be a whole number, not \(Self.text(number))") }
        try Self.check(number, in: Double(range.lowerBound)...Double(range.upperBound))
        return Int(number)
    }

    /// The value as a number from `range`.
    ///
    /// - Throws: the reason, like "must not be negative, not -1".
    public func number(in range: ClosedRange<Double>) throws(FieldError) -> Double {
        let number = try self.number(kind: "a number")
        try Self.check(number, in: range)
        return number
    }

    private static func check(_ number: Double, in range: ClosedRange<Double>) throws(FieldError) {
        guard number >= range.lowerBound else {
            throw FieldError(range.lowerBound == 0 ? "must not be negative, not \(text(number))"
                                                   : "must be at least \(text(range.lowerBound)), not \(text(number))")
        }
        guard number <= range.upperBound else {
            throw FieldError("must be at most \(text(range.upperBound)), not \(text(number))")
        }
    }

    /// The value as a string.
    public func text() throws(FieldError) -> String {
        guard let string else { throw FieldError("must be a string, not \(kindName)") }
        return string
    }

    /// The value as a Boolean.
    public func boolean() throws(FieldError) -> Bool {
        guard case .bool(let value) = self else { throw FieldError("must be true or false, not \(kindName)") }
        return value
    }

    private func number(kind: String) throws(FieldError) -> Double {
        guard let number else { throw FieldError("must be \(kind), not \(kindName)") }
        return number
    }

    /// What the value is, for messages: "a string", "null".
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a Boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// A number as the file would write it: `1.5`, `10000000000000000000`, `1e+300`.
    static func text(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e21 ? String(format: "%.0f", number) : "\(number)"
    }
}

/// Why a field's value is rejected: the rule it breaks, without the place.
public struct FieldError: Error, Hashable, Sendable, CustomStringConvertible {
    public var reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
