/// Why bytes are not a file of the expected kind at all: not JSON, not an
/// object, or another format or version. Graph and schedule files share it.
public enum FileFormatError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The bytes are not one JSON value.
    case notJSON(JSONParseError)
    /// The top level is not a JSON object.
    case notAnObject(found: String)
    /// `format` is not `expected`; `found` is the value as the file writes it, or nil when missing.
    case wrongFormat(expected: String, found: String?)
    /// `version` is not `expected`; `found` is the value as the file writes it, or nil when missing.
    case unsupportedVersion(expected: Int, found: String?)

    /// The top-level object of a file that declares `format` and `version`.
    ///
    /// - Throws: the first of the problems above.
    public static func object(
        in bytes: some Collection<UInt8>, format: String, version: Int
    ) throws(FileFormatError) -> [String: JSONValue] {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes)
        } catch {
            throw .notJSON(error)
        }
        guard let root = value.object else { throw .notAnObject(found: value.kindName) }
        guard root["format"]?.string == format else {
            throw .wrongFormat(expected: format, found: root["format"].map(Self.written))
        }
        guard root["version"]?.number == Double(version) else {
            throw .unsupportedVersion(expected: version, found: root["version"].map(Self.written))
        }
        return root
    }

    /// A value as a file writes it, for messages: `1.5`, `"1"`, `null`.
    private static func written(_ value: JSONValue) -> String {
        switch value {
        case .number(let number): JSONValue.text(number)
        case .string(let string): "\"\(string)\""
        case .bool(let flag): String(flag)
        case .null: "null"
        case .array, .object: value.kindName
        }
    }

    public var description: String {
        switch self {
        case .notJSON(let error): "not valid JSON: \(error)"
        case .notAnObject(let found): "the top level must be a JSON object, not \(found)"
        case .wrongFormat(let expected, let found):
            found.map { "format is \($0), expected \"\(expected)\"" } ?? "field 'format' is missing (expected \"\(expected)\")"
        case .unsupportedVersion(let expected, let found):
            found.map { "version \($0) is not one this build reads (it reads version \(expected))" }
                ?? "field 'version' is missing (this build reads version \(expected))"
        }
    }
}
