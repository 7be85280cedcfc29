import Testing
@testable import Checkmate
import CheckmateHiGHS

@Suite struct NeighbourhoodTests {
    @Test func theNeighbourhoodOfALeanStartIsCheaperAndFits() throws {
        let graph = TrainingGraph.random(forwardCount: 10, seed: 4)
        let budget = (graph.memoryLowerBound + graph.checkpointAllPeak()) / 2
        let milp = MILPStrategy(solver: HiGHSSolver())
        let problem = try StageProblem(graph: graph, budget: budget, order: .lowPeak)
        let formulation = problem.formulation(relaxed: false, cache: nil)
        let lean = StagePlan.retainingAll(in: problem.graph) { $0.kind != .forward }.trimmed(in: problem.graph)
        let start = try #require(problem.candidate(lean))
        let point = try #require(formulation.start(for: lean))
        let better = try #require(milp.neighbourhood(
            of: start, point: point, formulation: formulation, problem: problem, options: SolveOptions()))
        #expect(better.replay.cost < start.replay.cost)
        #expect(better.replay.peakMemory <= budget)
        let optimum = try milp.solve(graph, budget: budget).replay.cost
        #expect(better.replay.cost >= optimum)
    }
}
