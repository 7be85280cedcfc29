/// Why the command line could not use an input: a file it could not read,
/// or one whose content breaks a rule.
///
/// The command line prints `error: <source>: <message>` and exits with
/// ``exitCode``: 1 for a file it cannot read, 2 for invalid content.
public struct InputError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// The file is missing or cannot be read.
        case unreadable
        /// The file cannot be written.
        case unwritable
        /// The content breaks a rule of its format.
        case invalid
    }

    public var kind: Kind
    /// The file or source the error is about.
    public var source: String
    public var message: String

    public init(_ kind: Kind, source: String, message: String) {
        self.kind = kind
        self.source = source
        self.message = message
    }

    /// The process exit code: 1 for a file that cannot be read or written, 2 for ``Kind/invalid``.
    public var exitCode: Int32 {
        switch kind {
        case .unreadable, .unwritable: 1
        case .invalid: 2
        }
    }

    public var description: String { "\(source): \(message)" }
}
