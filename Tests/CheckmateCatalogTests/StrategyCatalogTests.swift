import Checkmate
import CheckmateCatalog
import Testing

@Suite struct StrategyCatalogTests {
    @Test func baselinesHaveTheIssuesNames() {
        #expect(StrategyCatalog.baselines.map(\.name) == [
            "checkpoint-all", "checkpoint-last", "chen-sqrtn", "chen-sqrtn-linearized",
            "chen-greedy", "chen-greedy-linearized", "griewank", "dtr",
        ])
        #expect(StrategyCatalog.baselines.allSatisfy { !$0.summary.isEmpty && !$0.summary.contains("\n") })
    }

    @Test func lookupByName() {
        #expect(StrategyCatalog.strategy(named: "griewank")?.name == "griewank")
        #expect(StrategyCatalog.strategy(named: "Griewank") == nil)
    }
}
