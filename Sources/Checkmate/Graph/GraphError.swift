/// Why a training graph, or a file that should hold one, was rejected.
///
/// Each case names the node (by its file `id`) and the rule it breaks.
public enum GraphError: Error, Hashable, Sendable {
    /// The file is not JSON, not an object, or of another format or version.
    case file(FileFormatError)
    /// The graph has no nodes.
    case empty
    /// A required field is absent; `node` is nil for a top-level field,
    /// else the node's id, or its position in `nodes` when the id itself is missing.
    case missingField(node: Int?, field: String)
    /// A field has the wrong type or an invalid value.
    case invalidField(node: Int?, field: String, reason: String)
    /// Two nodes share an id.
    case duplicateID(Int)
    /// A node reads an id that no node has.
    case danglingInput(node: Int, input: Int)
    /// The nodes on a cycle, by id.
    case cycle([Int])
    /// A node given to the in-memory initializer reads an index that is not earlier than its own.
    case notTopological(node: Int, input: Int)
    /// The graph's bytes or costs add up past what the project computes exactly.
    case exceedsLimit(String)
}

extension GraphError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .file(let error):
            return error.description
        case .empty:
            return "the graph has no nodes"
        case .missingField(let node, let field):
            return "\(Self.place(node)): field '\(field)' is missing"
        case .invalidField(let node, let field, let reason):
            return "\(Self.place(node)): field '\(field)' \(reason)"
        case .duplicateID(let id):
            return "node \(id): id is used by more than one node"
        case .danglingInput(let node, let input):
            return "node \(node): input \(input) is not the id of any node"
        case .cycle(let ids):
            return "the graph has a cycle through nodes \(ids.map(String.init).joined(separator: " -> "))"
        case .notTopological(let node, let input):
            return "node \(node): input index \(input) is not an earlier node"
        case .exceedsLimit(let reason):
            return reason
        }
    }

    private static func place(_ node: Int?) -> String {
        node.map { "node \($0)" } ?? "graph"
    }
}
