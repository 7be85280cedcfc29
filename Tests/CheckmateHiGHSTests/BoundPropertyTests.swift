import Testing
import Checkmate
import CheckmateCatalog
import CheckmateHiGHS

/// Every bound a solution reports holds for the schedules it claims to
/// cover, and every optimality claim holds in its family: checked against
/// exhaustive search over all schedules and over the stage form.
@Suite struct BoundPropertyTests {
    @Test(arguments: 0..<4)
    func boundsHoldForTheSchedulesTheyCover(part: Int) {
        var checked = 0, provenAll = 0, provenStage = 0
        for seed in UInt64(part * 50)..<UInt64(part * 50 + 50) {
            let graph = TrainingGraph.random(forwardCount: seed % 4 == 0 ? 4 : 3, seed: seed)
            let peak = graph.checkpointAllPeak()
            let budgets = Set([graph.memoryLowerBound, (graph.memoryLowerBound + peak) / 2, peak]).sorted()
            // The stage form's optimum at each budget, by order, searched once per order.
            var stageOptima: [[Int]: [Double?]] = [:]
            for (index, budget) in budgets.enumerated() {
                let exact = ExhaustiveSearch.anySchedule(graph, budget: budget)
                let bound = graph.costLowerBound(budget: budget)
                #expect(bound != nil && bound! <= (exact ?? .infinity) + 1e-9, "\(graph.name) at \(budget)")
                let options = SolveOptions(threads: 1, samples: 2)
                let solutions = StrategyCatalog.all.compactMap { try? $0.solve(graph, budget: budget, options: options) }
                for solution in solutions {
                    let context = "\(solution.strategy) on \(graph.name) at \(budget)"
                    checked += 1
                    #expect(solution.costLowerBound <= exact! + 1e-9, "\(context)")
                    if let stage = solution.stageFormBound {
                        if stageOptima[stage.order] == nil {
                            stageOptima[stage.order] = ExhaustiveSearch.stageForm(graph.reordered(stage.order)!, budgets: budgets)
                        }
                        let stageOptimum = stageOptima[stage.order]![index]
                        #expect(stage.cost <= (stageOptimum ?? .infinity) + 1e-6, "\(context): stage-form bound")
                        if solution.optimalAmong == .stageForm {
                            provenStage += 1
                            #expect(abs(solution.replay.cost - stageOptimum!) <= 1e-6, "\(context): optimal in the stage form")
                        }
                    }
                    if solution.optimalAmong == .allSchedules {
                        provenAll += 1
                        #expect(abs(solution.replay.cost - exact!) <= 1e-9, "\(context): optimal over all schedules")
                        for other in solutions {
                            #expect(solution.replay.cost <= other.replay.cost + 1e-9, "\(context) against \(other.strategy)")
                        }
                    }
                }
            }
        }
        #expect(checked > 400 && provenAll > 40, "\(checked) solutions, \(provenAll) and \(provenStage) proofs")
    }

    @Test func aScheduleOutsideTheStageFormIsNotProvenByItsBound() throws {
        // Here dtr's schedule costs less than the cheapest of the stage form in the graph's order.
        let graph = TrainingGraph.random(forwardCount: 4, seed: 3)
        let budget = 33
        let stage = try #require(ExhaustiveSearch.stageForm(graph, budgets: [budget])[0])
        let dtr = try DynamicRematerialization().solve(graph, budget: budget)
        try #require(dtr.replay.cost < stage)
        let milp = MILPStrategy(solver: HiGHSSolver(), warmStarts: [DynamicRematerialization()], order: .given)
        let solution = try milp.solve(graph, budget: budget)
        #expect(solution.replay.cost <= dtr.replay.cost)
        #expect(try #require(solution.stageFormBound).cost > solution.replay.cost)
        #expect(solution.optimalAmong != .stageForm)
        let exact = try #require(ExhaustiveSearch.anySchedule(graph, budget: budget))
        #expect(solution.costLowerBound <= exact)
        #expect(solution.isOptimal == Solution.meets(solution.replay.cost, bound: solution.costLowerBound))
        #expect(solution.gap > 0 || solution.isOptimal)
    }
}
