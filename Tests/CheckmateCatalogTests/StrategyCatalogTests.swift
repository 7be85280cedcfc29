import Checkmate
import CheckmateCatalog
import CheckmateModels
import Testing

@Suite struct StrategyCatalogTests {
    @Test func baselinesHaveTheIssuesNames() {
        #expect(StrategyCatalog.baselines.map(\.name) == [
            "checkpoint-all", "checkpoint-last", "chen-sqrtn", "chen-sqrtn-linearized",
            "chen-greedy", "chen-greedy-linearized", "griewank", "dtr", "rotor",
        ])
        #expect(StrategyCatalog.baselines.allSatisfy { !$0.summary.isEmpty && !$0.summary.contains("\n") })
    }

    @Test func lookupByName() {
        #expect(StrategyCatalog.strategy(named: "griewank")?.name == "griewank")
        #expect(StrategyCatalog.strategy(named: "Griewank") == nil)
    }
}

/// Rotor on a real network: MobileNet's chain of depthwise blocks at 1.3x
/// its memory lower bound, where revolve and Chen's greedy segments recompute
/// far more (measured: Rotor 112.96 GFLOP, dtr 118.66, revolve 224.22) or do not fit.
@Suite struct RotorOnMobileNetTests {
    @Test func beatsTheChainBaselinesAndDTR() throws {
        let graph = try Zoo.trainingGraph(named: "mobilenet", batch: 32)
        let budget = Int(1.3 * Double(graph.memoryLowerBound))
        let rotor = try Rotor().solve(graph, budget: budget)
        #expect(rotor.replay.peakMemory <= budget)
        for strategy in [Griewank(), ChenGreedy(linearized: false), DynamicRematerialization()] as [any Strategy] {
            if let other = try? strategy.solve(graph, budget: budget) {
                #expect(rotor.replay.cost < other.replay.cost, "\(strategy.name): \(other.replay.cost)")
            }
        }
        #expect(rotor.replay.cost < 1.03 * graph.totalCost)
    }
}
