import Foundation
import Testing
@testable import Checkmate

/// Each rule of a `checkmate-graph` file, broken once: the error names the node and the rule.
@Suite struct GraphFileRuleTests {
    /// A graph file around the given node objects.
    static func file(_ nodes: [String], format: String = "\"checkmate-graph\"", version: String = "1") -> String {
        "{\"format\": \(format), \"version\": \(version), \"name\": \"t\", \"nodes\": [\(nodes.joined(separator: ", "))]}"
    }

    static let f0 = #"{"id": 0, "kind": "forward", "cost": 1, "memory": 4, "inputs": []}"#
    static let f1 = #"{"id": 1, "kind": "forward", "cost": 1, "memory": 4, "inputs": [0]}"#

    /// Broken files and the error each must give (shared with the command-line tests).
    static let broken: [(rule: String, text: String, error: GraphError)] = [
        ("duplicate id", file([f0, #"{"id": 0, "kind": "loss", "cost": 1, "memory": 4, "inputs": []}"#]), .duplicateID(0)),
        ("dangling id", file([f0, #"{"id": 1, "kind": "loss", "cost": 1, "memory": 4, "inputs": [7]}"#]), .danglingInput(node: 1, input: 7)),
        ("cycle", file([#"{"id": 0, "kind": "forward", "cost": 1, "memory": 4, "inputs": [1]}"#, f1]), .cycle([1, 0, 1])),
        ("negative cost", file([#"{"id": 0, "kind": "forward", "cost": -1, "memory": 4, "inputs": []}"#]),
         .invalidField(node: 0, field: "cost", reason: "must not be negative, not -1")),
        ("negative memory", file([#"{"id": 0, "kind": "forward", "cost": 1, "memory": -4, "inputs": []}"#]),
         .invalidField(node: 0, field: "memory", reason: "must not be negative, not -4")),
        ("fractional memory", file([#"{"id": 0, "kind": "forward", "cost": 1, "memory": 4.5, "inputs": []}"#]),
         .invalidField(node: 0, field: "memory", reason: "must be a whole number, not 4.5")),
        ("negative workspace", file([#"{"id": 0, "kind": "forward", "cost": 1, "memory": 4, "workspace": -2, "inputs": []}"#]),
         .invalidField(node: 0, field: "workspace", reason: "must not be negative, not -2")),
        ("missing cost", file([#"{"id": 0, "kind": "forward", "memory": 4, "inputs": []}"#]), .missingField(node: 0, field: "cost")),
        ("missing memory", file([#"{"id": 0, "kind": "forward", "cost": 1, "inputs": []}"#]), .missingField(node: 0, field: "memory")),
        ("missing inputs", file([#"{"id": 0, "kind": "forward", "cost": 1, "memory": 4}"#]), .missingField(node: 0, field: "inputs")),
        ("missing kind", file([#"{"id": 0, "cost": 1, "memory": 4, "inputs": []}"#]), .missingField(node: 0, field: "kind")),
        ("missing id", file([#"{"kind": "forward", "cost": 1, "memory": 4, "inputs": []}"#]), .missingField(node: nil, field: "nodes[0].id")),
        ("missing nodes", #"{"format": "checkmate-graph", "version": 1}"#, .missingField(node: nil, field: "nodes")),
        ("unknown kind", file([#"{"id": 0, "kind": "sideways", "cost": 1, "memory": 4, "inputs": []}"#]),
         .invalidField(node: 0, field: "kind", reason: "must be one of forward, loss, backward")),
        ("wrong format", file([f0], format: "\"onnx\""), .file(.wrongFormat(expected: "checkmate-graph", found: "\"onnx\""))),
        ("missing format", #"{"version": 1, "nodes": []}"#, .file(.wrongFormat(expected: "checkmate-graph", found: nil))),
        ("wrong version", file([f0], version: "2"), .file(.unsupportedVersion(expected: 1, found: "2"))),
        ("no nodes", file([]), .empty),
    ]

    @Test func everyBrokenRuleIsNamed() {
        for (rule, text, expected) in Self.broken {
            #expect(throws: expected, "\(rule)") { try TrainingGraph(json: Data(text.utf8)) }
        }
    }

    @Test func nonFiniteNumbersAreNotJSON() {
        for cost in ["NaN", "Infinity", "1e999"] {
            let text = Self.file(["{\"id\": 0, \"kind\": \"forward\", \"cost\": \(cost), \"memory\": 4, \"inputs\": []}"])
            #expect("\(cost)") {
                try TrainingGraph(json: Data(text.utf8))
            } throws: { error in
                if case GraphError.file(.notJSON) = error { true } else { false }
            }
        }
    }

    @Test func nonFiniteCostsAreRejectedInMemoryToo() {
        for cost in [Double.nan, .infinity, -1] {
            #expect {
                try TrainingGraph(name: "t", nodes: [Node(id: 3, name: "f", kind: .forward, cost: cost, memory: 1)])
            } throws: { error in
                if case GraphError.invalidField(3, "cost", _) = error { true } else { false }
            }
        }
    }

    @Test func messagesNameTheNodeAndTheRule() {
        #expect(GraphError.danglingInput(node: 1, input: 7).description == "node 1: input 7 is not the id of any node")
        #expect(GraphError.missingField(node: 0, field: "cost").description == "node 0: field 'cost' is missing")
        #expect(GraphError.cycle([0, 1, 0]).description == "the graph has a cycle through nodes 0 -> 1 -> 0")
    }

    @Test func theExampleGraphIsThePaperChain() throws {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples/chain8.json")
        let graph = try TrainingGraph(json: Data(contentsOf: url))
        #expect(graph == TrainingGraph.chain(length: 8))
    }
}
