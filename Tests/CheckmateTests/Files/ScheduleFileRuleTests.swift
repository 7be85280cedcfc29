import CheckmateTestSupport
import Foundation
import Testing
@testable import Checkmate

@Suite struct ScheduleFileRuleTests {
    let graph = TrainingGraph.chain(length: 2)

    @Test func everyBrokenRuleIsNamed() {
        for (rule, text, expected) in BrokenFiles.schedules {
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
