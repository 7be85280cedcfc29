import Foundation
import Testing
@testable import Checkmate

@Suite struct ScheduleFileRuleTests {
    let graph = TrainingGraph.chain(length: 2)

    static func file(_ steps: String, format: String = "\"checkmate-schedule\"", version: String = "1") -> String {
        "{\"format\": \(format), \"version\": \(version), \"steps\": [\(steps)]}"
    }

    /// Broken schedule files and the error each must give (shared with the command-line tests).
    static let broken: [(rule: String, text: String, error: ScheduleFileError)] = [
        ("wrong format", file("", format: "\"checkmate-graph\""), .wrongFormat("checkmate-graph")),
        ("wrong version", file("", version: "7"), .unsupportedVersion(7)),
        ("unknown node", file(#"{"op": "compute", "node": 42}"#), .unknownNode(step: 0, id: 42)),
        ("unknown op", file(#"{"op": "compute", "node": 0}, {"op": "spill", "node": 0}"#),
         .invalidStep(step: 1, reason: "op 'spill' is neither 'compute' nor 'free'")),
        ("missing op", file(#"{"node": 0}"#), .invalidStep(step: 0, reason: "needs fields 'op' and 'node'")),
        ("not JSON", "{steps", .malformed("invalid JSON")),
    ]

    @Test func everyBrokenRuleIsNamed() {
        for (rule, text, expected) in Self.broken {
            #expect(throws: expected, "\(rule)") { try ScheduleFile(json: Data(text.utf8), graph: graph) }
        }
    }

    @Test func aSolutionRoundTrips() throws {
        let solution = try CheckpointAll().solve(graph, budget: 100)
        let file = ScheduleFile(solution: solution, graph: graph)
        let read = try ScheduleFile(json: file.json(graph: graph), graph: graph)
        #expect(read == file)
    }
}
