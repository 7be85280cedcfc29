import Testing
import Checkmate
import CheckmateHiGHS

/// Tiny graphs with branches, workspace and constant memory, in the stage order they are given.
let tinyGraphs: [TrainingGraph] = {
    let diamond = try! TrainingGraph(name: "diamond", constantMemory: 3, nodes: [
        Node(id: 0, name: "a", kind: .forward, cost: 2, memory: 4),
        Node(id: 1, name: "b", kind: .forward, cost: 1, memory: 2, workspace: 2, inputs: [0]),
        Node(id: 2, name: "c", kind: .forward, cost: 3, memory: 2, inputs: [0]),
        Node(id: 3, name: "loss", kind: .loss, cost: 1, memory: 1, inputs: [1, 2]),
        Node(id: 4, name: "gc", kind: .backward, cost: 3, memory: 2, inputs: [3, 0, 2]),
        Node(id: 5, name: "gb", kind: .backward, cost: 1, memory: 2, inputs: [3, 0, 1]),
        Node(id: 6, name: "ga", kind: .backward, cost: 2, memory: 4, workspace: 4, inputs: [4, 5, 0]),
    ])
    return [diamond, .chain(length: 3)]
        + (0..<4).map { TrainingGraph.random(forwardCount: 3, seed: $0) }
        + (0..<2).map { TrainingGraph.random(forwardCount: 4, width: 2, seed: $0) }
}()

/// Budgets from the memory lower bound to the checkpoint-all peak.
func budgets(_ graph: TrainingGraph) -> [Int] {
    Array(graph.memoryLowerBound...max(graph.memoryLowerBound, graph.checkpointAllPeak()))
}

@Suite struct MILPStrategyTests {
    let milp = MILPStrategy(solver: HiGHSSolver(), order: .given)

    func cost(_ strategy: some Strategy, _ graph: TrainingGraph, _ budget: Int) throws -> Double? {
        do {
            return try strategy.solve(graph, budget: budget).replay.cost
        } catch StrategyError.infeasible {
            return nil
        }
    }

    @Test(arguments: tinyGraphs)
    func equalsExhaustiveStageSearch(graph: TrainingGraph) throws {
        let range = budgets(graph)
        let expected = ExhaustiveSearch.stageForm(graph, budgets: range)
        for (budget, best) in zip(range, expected) {
            let found = try cost(milp, graph, budget)
            #expect(found == best, "\(graph.name) at budget \(budget)")
        }
    }

    @Test(arguments: [3, 4])
    func equalsExhaustiveScheduleSearchOnChain(length: Int) throws {
        let graph = TrainingGraph.chain(length: length)
        for budget in budgets(graph) {
            let best = ExhaustiveSearch.anySchedule(graph, budget: budget)
            let found = try cost(milp, graph, budget)
            #expect(found == best, "chain \(length) at budget \(budget)")
        }
    }
}
