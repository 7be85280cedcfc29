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
        ("wrong format", file("", format: "\"checkmate-graph\""),
         .file(.wrongFormat(expected: "checkmate-schedule", found: "\"checkmate-graph\""))),
        ("wrong version", file("", version: "7"), .file(.unsupportedVersion(expected: 1, found: "7"))),
        ("fractional version", file("", version: "1.5"), .file(.unsupportedVersion(expected: 1, found: "1.5"))),
        ("unknown node", file(#"{"op": "compute", "node": 42}"#),
         .invalidStep(step: 0, reason: "field 'node' names node 42, which is not in the graph")),
        ("unknown op", file(#"{"op": "compute", "node": 0}, {"op": "spill", "node": 0}"#),
         .invalidStep(step: 1, reason: "field 'op' must be \"compute\" or \"free\"")),
        ("missing op", file(#"{"node": 0}"#), .invalidStep(step: 0, reason: "needs fields 'op' and 'node'")),
        ("not JSON", "{steps", .file(.notJSON(JSONParseError(line: 1, column: 2, reason: "expected a key in double quotes")))),
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
