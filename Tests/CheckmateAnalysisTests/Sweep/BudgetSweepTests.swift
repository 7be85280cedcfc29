import CheckmateTestSupport
import Checkmate
import Foundation
import Synchronization
import Testing
@testable import CheckmateAnalysis

@Suite struct BudgetSweepTests {
    static let graph = TrainingGraph.random(forwardCount: 12, seed: 7)
    static let strategies: [any Strategy] = [RetainEvery(stride: 1), RetainEvery(stride: 3), NeverApplies()]
    static var budgets: [Int] {
        let reference = try! RetainEvery(stride: 1).solve(graph, budget: .max).replay.peakMemory
        return try! BudgetSpec(.range(lower: .shareOfCheckpointAll(0.3), upper: .shareOfCheckpointAll(1), count: 5)).budgets(reference: reference)
    }

    @Test func oneRowPerCaseEqualToSolvingAlone() throws {
        let sweep = BudgetSweep(graph: Self.graph, strategies: Self.strategies, budgets: Self.budgets, workers: 2)
        let table = sweep.run()
        #expect(table.rows.count == Self.strategies.count * Self.budgets.count)
        #expect(table.isComplete)
        for strategy in Self.strategies {
            for budget in Self.budgets {
                let row = try #require(table.row(strategy: strategy.name, budget: budget))
                switch Result(catching: { () throws(StrategyError) in try strategy.solve(Self.graph, budget: budget) }) {
                case .success(let alone):
                    #expect(row.status == .ok)
                    #expect(row.peak == alone.replay.peakMemory)
                    #expect(row.cost == alone.replay.cost)
                    #expect(row.overhead == alone.overhead(in: Self.graph))
                    #expect(row.bound == alone.costLowerBound && row.stageFormBound == alone.stageFormBound?.cost)
                    #expect(row.optimal == alone.isOptimal)
                case .failure(.doesNotFit):
                    #expect(row.status == .doesNotFit && row.peak == nil && row.cost == nil && row.bound == nil)
                case .failure(let error):
                    #expect(row.status == .unsupported, "\(error)")
                }
                #expect(row.seconds >= 0)
            }
        }
        // The budgets are tight enough that some cases do not fit.
        #expect(table.rows.contains { $0.status == .doesNotFit })
        #expect(table.rows.contains { $0.status == .ok })
    }

    @Test func parallelAndSerialSweepsAgree() {
        let strip = { (table: SweepTable) in table.rows.map { row -> SweepRow in var row = row; row.seconds = 0; return row } }
        let serial = BudgetSweep(graph: Self.graph, strategies: Self.strategies, budgets: Self.budgets, workers: 1).run()
        let parallel = BudgetSweep(graph: Self.graph, strategies: Self.strategies, budgets: Self.budgets, workers: 3).run()
        #expect(strip(serial) == strip(parallel))
    }

    @Test func eachCaseStartsThenFinishesOnce() {
        let events = Mutex<[String]>([])
        _ = BudgetSweep(graph: Self.graph, strategies: Self.strategies, budgets: Self.budgets, workers: 2).run { event in
            switch event {
            case .started(let strategy, let budget): events.withLock { $0.append("start \(strategy) \(budget)") }
            case .finished(let row, _, _): events.withLock { $0.append("end \(row.strategy) \(row.budget)") }
            }
        }
        let log = events.withLock { $0 }
        for strategy in Self.strategies {
            for budget in Self.budgets {
                let start = log.firstIndex(of: "start \(strategy.name) \(budget)")
                let end = log.firstIndex(of: "end \(strategy.name) \(budget)")
                #expect(start != nil && end != nil && start! < end!)
                // The next budget starts before this one's end is announced.
                if let next = Self.budgets.first(where: { $0 > budget }) {
                    #expect(log.firstIndex(of: "start \(strategy.name) \(next)")! < end!)
                }
                #expect(log.filter { $0 == "end \(strategy.name) \(budget)" }.count == 1)
            }
        }
    }

    @Test func aStrategySolvesItsBudgetsInAscendingOrderSharingOneCache() {
        let recorder = CacheRecorder()
        let table = BudgetSweep(graph: Self.graph, strategies: [recorder, RetainEvery(stride: 1)],
                                budgets: Self.budgets.reversed(), workers: 2).run()
        let calls = recorder.calls.withLock { $0 }
        #expect(calls.map(\.budget) == Self.budgets)
        #expect(calls.first?.cache != nil && Set(calls.map(\.cache)).count == 1)
        #expect(table.rows.filter { $0.strategy == "cache-recorder" }.map(\.budget) == Self.budgets)
    }

    @Test func overheadPlotHasOneSeriesPerStrategyAndOnePointPerSchedule() throws {
        let table = BudgetSweep(graph: Self.graph, strategies: Self.strategies, budgets: Self.budgets, workers: 2).run()
        let inspector = try #require(SVGInspector(table.overheadPlot().svg()))
        #expect(inspector.count(class: "series") == Self.strategies.count)
        #expect(inspector.count(class: "point") == table.rows.filter { $0.status == .ok }.count)
        #expect(inspector.count(class: "floor") == 1)
        #expect(inspector.texts.contains("\(Self.graph.name): overhead against memory budget"))
        // The floor is the best bound at each budget or above it.
        for (budget, bound) in table.bounds {
            #expect(bound == table.rows.filter { $0.budget >= budget }.compactMap(\.bound).max())
        }
    }

    @Test func overheadGridListsEveryStrategyAndBudget() {
        let table = BudgetSweep(graph: Self.graph, strategies: Self.strategies, budgets: Self.budgets).run()
        let grid = table.overheadGrid
        #expect(grid.header.count == 1 + Self.budgets.count)
        #expect(grid.rows.map { $0[0] } == Self.strategies.map(\.name))
        #expect(grid.rows[0].last == "1.000x*")
        #expect(grid.rows[2].dropFirst().allSatisfy { $0 == "unsupported" })
    }
}
