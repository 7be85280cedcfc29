import Checkmate

/// Broken graph and schedule files, one per rule, and the error each must
/// give: read by the files' tests and by the command line's.
public enum BrokenFiles {
    /// A graph file around the given node objects.
    public static func graph(_ nodes: [String], format: String = "\"checkmate-graph\"", version: String = "1") -> String {
        "{\"format\": \(format), \"version\": \(version), \"name\": \"t\", \"nodes\": [\(nodes.joined(separator: ", "))]}"
    }

    public static let f0 = #"{"id": 0, "kind": "forward", "cost": 1, "memory": 4, "inputs": []}"#
    public static let f1 = #"{"id": 1, "kind": "forward", "cost": 1, "memory": 4, "inputs": [0]}"#

    /// Broken files and the error each must give (shared with the command-line tests).
    public static let graphs: [(rule: String, text: String, error: GraphError)] = [
        ("duplicate id", graph([f0, #"{"id": 0, "kind": "loss", "cost": 1, "memory": 4, "inputs": []}"#]), .duplicateID(0)),
        ("dangling id", graph([f0, #"{"id": 1, "kind": "loss", "cost": 1, "memory": 4, "inputs": [7]}"#]), .danglingInput(node: 1, input: 7)),
        ("cycle", graph([#"{"id": 0, "kind": "forward", "cost": 1, "memory": 4, "inputs": [1]}"#, f1]), .cycle([1, 0, 1])),
        ("negative cost", graph([#"{"id": 0, "kind": "forward", "cost": -1, "memory": 4, "inputs": []}"#]),
         .invalidField(node: 0, field: "cost", reason: "must not be negative, not -1")),
        ("negative memory", graph([#"{"id": 0, "kind": "forward", "cost": 1, "memory": -4, "inputs": []}"#]),
         .invalidField(node: 0, field: "memory", reason: "must not be negative, not -4")),
        ("fractional memory", graph([#"{"id": 0, "kind": "forward", "cost": 1, "memory": 4.5, "inputs": []}"#]),
         .invalidField(node: 0, field: "memory", reason: "must be a whole number, not 4.5")),
        ("negative workspace", graph([#"{"id": 0, "kind": "forward", "cost": 1, "memory": 4, "workspace": -2, "inputs": []}"#]),
         .invalidField(node: 0, field: "workspace", reason: "must not be negative, not -2")),
        ("missing cost", graph([#"{"id": 0, "kind": "forward", "memory": 4, "inputs": []}"#]), .missingField(node: 0, field: "cost")),
        ("missing memory", graph([#"{"id": 0, "kind": "forward", "cost": 1, "inputs": []}"#]), .missingField(node: 0, field: "memory")),
        ("missing inputs", graph([#"{"id": 0, "kind": "forward", "cost": 1, "memory": 4}"#]), .missingField(node: 0, field: "inputs")),
        ("missing kind", graph([#"{"id": 0, "cost": 1, "memory": 4, "inputs": []}"#]), .missingField(node: 0, field: "kind")),
        ("missing id", graph([#"{"kind": "forward", "cost": 1, "memory": 4, "inputs": []}"#]), .missingField(node: nil, field: "nodes[0].id")),
        ("missing nodes", #"{"format": "checkmate-graph", "version": 1}"#, .missingField(node: nil, field: "nodes")),
        ("unknown kind", graph([#"{"id": 0, "kind": "sideways", "cost": 1, "memory": 4, "inputs": []}"#]),
         .invalidField(node: 0, field: "kind", reason: "must be one of forward, loss, backward")),
        ("wrong format", graph([f0], format: "\"onnx\""), .file(.wrongFormat(expected: "checkmate-graph", found: "\"onnx\""))),
        ("missing format", #"{"version": 1, "nodes": []}"#, .file(.wrongFormat(expected: "checkmate-graph", found: nil))),
        ("wrong version", graph([f0], version: "2"), .file(.unsupportedVersion(expected: 1, found: "2"))),
        ("no nodes", graph([]), .empty),
    ]

    public static func schedule(_ steps: String, format: String = "\"checkmate-schedule\"", version: String = "1") -> String {
        "{\"format\": \(format), \"version\": \(version), \"steps\": [\(steps)]}"
    }

    /// Broken schedule files and the error each must give (shared with the command-line tests).
    public static let schedules: [(rule: String, text: String, error: ScheduleFileError)] = [
        ("wrong format", schedule("", format: "\"checkmate-graph\""),
         .file(.wrongFormat(expected: "checkmate-schedule", found: "\"checkmate-graph\""))),
        ("wrong version", schedule("", version: "7"), .file(.unsupportedVersion(expected: 1, found: "7"))),
        ("fractional version", schedule("", version: "1.5"), .file(.unsupportedVersion(expected: 1, found: "1.5"))),
        ("unknown node", schedule(#"{"op": "compute", "node": 42}"#),
         .invalidStep(step: 0, reason: "field 'node' names node 42, which is not in the graph")),
        ("unknown op", schedule(#"{"op": "compute", "node": 0}, {"op": "spill", "node": 0}"#),
         .invalidStep(step: 1, reason: "field 'op' must be \"compute\" or \"free\"")),
        ("missing op", schedule(#"{"node": 0}"#), .invalidStep(step: 0, reason: "needs fields 'op' and 'node'")),
        ("not JSON", "{steps", .file(.notJSON(JSONParseError(line: 1, column: 2, reason: "expected a key in double quotes")))),
    ]

}
