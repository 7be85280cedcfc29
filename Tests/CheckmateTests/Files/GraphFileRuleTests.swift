import CheckmateTestSupport
import Foundation
import Testing
@testable import Checkmate

/// Each rule of a `checkmate-graph` file, broken once: the error names the node and the rule.
@Suite struct GraphFileRuleTests {
    @Test func everyBrokenRuleIsNamed() {
        for (rule, text, expected) in BrokenFiles.graphs {
            #expect(throws: expected, "\(rule)") { try TrainingGraph(json: Data(text.utf8)) }
        }
    }

    @Test func nonFiniteNumbersAreNotJSON() {
        for cost in ["NaN", "Infinity", "1e999"] {
            let text = BrokenFiles.graph(["{\"id\": 0, \"kind\": \"forward\", \"cost\": \(cost), \"memory\": 4, \"inputs\": []}"])
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
