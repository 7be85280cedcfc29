import Checkmate
import CheckmateCatalog
import CheckmateModels
import Foundation
import Testing

/// The README's library example, as it is written there: the MILP on VGG19
/// at batch 256 in 16 GiB, stopping at a 1% gap.
@Suite struct ReadmeExampleTests {
    @Test func vgg19FitsInSixteenGiBAtBatch256() throws {
        // The README's example, line for line (`readmeExampleIsThisTest` checks it).
        let graph = try Zoo.trainingGraph(named: "vgg19", batch: 256)
        let milp = StrategyCatalog.strategy(named: "milp")!
        let solution = try milp.solve(graph, budget: 16 << 30, options: SolveOptions(relativeGap: 0.01))
        print(solution.replay.peakMemory, solution.overhead(in: graph), solution.costLowerBound, solution.isOptimal)

        #expect(solution.replay.peakMemory <= 16 << 30)
        // Keeping every activation does not fit, so the schedule recomputes, within 1% of the bound.
        #expect(CheckpointAll().peakMemory(of: graph) > 16 << 30)
        #expect(solution.overhead(in: graph) > 1 && solution.gap <= 0.01)
        let greedy = try ChenGreedy(linearized: false).solve(graph, budget: 16 << 30)
        #expect(solution.replay.cost < greedy.replay.cost)
        // Stopped at 1%, the MILP proves no optimum the bounds do not.
        #expect(solution.isOptimal == Solution.meets(solution.replay.cost, bound: solution.costLowerBound)
            || solution.optimalAmong == .stageForm)
    }

    /// Every line of the README's Swift example appears, in order, in this file.
    @Test func readmeExampleIsThisTest() throws {
        let here = URL(fileURLWithPath: #filePath)
        let root = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let source = try String(contentsOf: here, encoding: .utf8)
        let blocks = readme.components(separatedBy: "```swift\n")
        try #require(blocks.count == 2, "the README has one Swift example")
        let example = try #require(blocks[1].components(separatedBy: "```").first)
        let lines = example.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let sourceLines = source.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        var next = sourceLines.startIndex
        for line in lines where !line.isEmpty {
            let found = sourceLines[next...].firstIndex(of: line)
            #expect(found != nil, "README line not in the test, or out of order: \(line)")
            if let found { next = found + 1 }
        }
    }
}
