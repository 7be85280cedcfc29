import Testing
import Checkmate
import CheckmateCatalog
import CheckmateHiGHS

/// Tiny graphs with branches, workspace and constant memory.
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
        + [0, 1, 3].map { TrainingGraph.random(forwardCount: 3, seed: $0) }
        + [0, 5, 7, 24].map { TrainingGraph.random(forwardCount: 4, seed: $0) }
}()

/// Budgets from the memory lower bound to the checkpoint-all peak.
func budgets(_ graph: TrainingGraph, order: [Int]? = nil) -> [Int] {
    Array(graph.memoryLowerBound...max(graph.memoryLowerBound, graph.checkpointAllPeak(order: order)))
}

/// The cost a strategy reaches, nil when it proves the budget infeasible.
func cost(_ strategy: some Strategy, _ graph: TrainingGraph, _ budget: Int, options: SolveOptions = SolveOptions()) throws -> Double? {
    do {
        return try strategy.solve(graph, budget: budget, options: options).replay.cost
    } catch StrategyError.infeasible {
        return nil
    }
}

@Suite struct MILPStrategyTests {
    @Test(arguments: tinyGraphs.indices)
    func equalsExhaustiveSearchOverTheStageForm(graph index: Int) throws {
        let graph = tinyGraphs[index]
        for order in StageOrder.allCases {
            let milp = MILPStrategy(solver: HiGHSSolver(), order: order)
            let ordered = order == .given ? graph : graph.reordered(graph.lowPeakOrder)!
            let range = budgets(graph)
            for (budget, best) in zip(range, ExhaustiveSearch.stageForm(ordered, budgets: range)) {
                let solution = try? milp.solve(graph, budget: budget)
                #expect(solution?.replay.cost == best, "\(graph.name), \(order) order, budget \(budget)")
                #expect(solution.map(\.isOptimal) ?? true)
            }
        }
    }

    @Test(arguments: tinyGraphs.indices)
    func aSweepSharingOneModelEqualsExhaustiveSearch(graph index: Int) throws {
        let graph = tinyGraphs[index]
        let milp = MILPStrategy(solver: HiGHSSolver())
        let range = budgets(graph)
        let expected = ExhaustiveSearch.stageForm(graph.reordered(graph.lowPeakOrder)!, budgets: range)
        var found: [Double?] = []
        milp.solveEach(graph, budgets: range, options: SolveOptions()) { _, result in
            found.append(try? result.get().replay.cost)
        }
        #expect(found == expected, "\(graph.name)")
    }

    @Test func aSweepOfLPBoundsEqualsBoundsSolvedAlone() throws {
        let graph = TrainingGraph.random(forwardCount: 8, seed: 3)
        let rounding = LPRounding(solver: HiGHSSolver())
        let least = graph.memoryLowerBound, most = graph.checkpointAllPeak()
        let range = stride(from: least, through: most, by: max(1, (most - least) / 6)).map { $0 }
        var swept: [Int: Double] = [:]
        rounding.solveEach(graph, budgets: range, options: SolveOptions()) { budget, result in
            swept[budget] = try? result.get().stageFormBound?.cost
        }
        #expect(swept.count >= 3, "some roundings fit")
        for (budget, bound) in swept {
            let alone = try rounding.lowerBound(graph, budget: budget, options: SolveOptions()).cost
            #expect(abs(bound - alone) <= 1e-6 * max(1, alone), "budget \(budget)")
        }
    }

    @Test func theKnapsackBoundNeverExceedsTheStageFormOptimum() {
        var positive = 0
        for graph in tinyGraphs {
            let range = budgets(graph)
            for (budget, best) in zip(range, ExhaustiveSearch.stageForm(graph, budgets: range)) {
                guard let best, let bound = graph.recomputationLowerBound(budget: budget, scope: .firstComputedInOrder) else { continue }
                let total = graph.totalCost + bound
                #expect(total <= best + 1e-9, "\(graph.name) at \(budget)")
                if bound > 0 { positive += 1 }
            }
            #expect(graph.recomputationLowerBound(budget: graph.memoryLowerBound - 1, scope: .firstComputedInOrder) == nil || graph.memoryLowerBound == 0)
        }
        #expect(positive >= 10, "the bound is not trivial: positive at \(positive) budgets")
    }

    @Test(arguments: [3, 4])
    func equalsExhaustiveSearchOverAllSchedulesOnThePaperChain(length: Int) throws {
        let graph = TrainingGraph.chain(length: length)
        let milp = MILPStrategy(solver: HiGHSSolver())
        var costs: Set<Double> = []
        for budget in budgets(graph) {
            let best = ExhaustiveSearch.anySchedule(graph, budget: budget)
            #expect(try cost(milp, graph, budget) == best, "chain \(length) at budget \(budget)")
            costs.insert(best ?? -1)
        }
        #expect(costs.count >= length - 1, "the budgets span several optima")
    }

    @Test func neverCostlierThanAnyBaseline() throws {
        let milp = MILPStrategy(solver: HiGHSSolver(), warmStarts: StrategyCatalog.baselines)
        var comparisons = 0
        for seed in UInt64(0)..<20 {
            let graph = TrainingGraph.random(forwardCount: 5 + Int(seed % 3), seed: seed)
            let (least, most) = (graph.memoryLowerBound, graph.checkpointAllPeak())
            for budget in [least + (most - least) * 17 / 20, most - 1] where budget >= least {
                let found = try cost(milp, graph, budget)
                for baseline in StrategyCatalog.baselines {
                    guard let other = try? baseline.solve(graph, budget: budget) else { continue }
                    comparisons += 1
                    #expect(found != nil && found! <= other.replay.cost, "\(graph.name) at \(budget): \(baseline.name)")
                }
            }
        }
        #expect(comparisons >= 40, "the baselines fit often enough to compare")
    }

    @Test func belowTheMemoryLowerBoundIsInfeasibleWithoutASolve() {
        let graph = TrainingGraph.random(forwardCount: 6, seed: 3)
        for strategy in [MILPStrategy(solver: FailingSolver()), LPRounding(solver: FailingSolver())] as [any Strategy] {
            #expect {
                try strategy.solve(graph, budget: graph.memoryLowerBound - 1)
            } throws: { error in
                guard case StrategyError.infeasible(_, let reason) = error else { return false }
                return reason.contains("memory lower bound")
            }
        }
    }

    @Test func belowWhatTheFormulationReachesIsNoStageFormSchedule() {
        // The stage form needs 27 here, although a schedule of another form fits in 26.
        let graph = TrainingGraph.random(forwardCount: 4, seed: 20)
        #expect(graph.memoryLowerBound == 26 && ExhaustiveSearch.anySchedule(graph, budget: 26) != nil)
        #expect(ExhaustiveSearch.stageForm(graph, budgets: [26]) == [nil])
        #expect {
            try MILPStrategy(solver: HiGHSSolver(), order: .given).solve(graph, budget: 26)
        } throws: { error in
            guard case StrategyError.noStageFormSchedule(_, 26, let tried) = error else { return false }
            return tried.isEmpty
        }
    }

    @Test func aWarmStartOutsideTheStageFormIsKept() throws {
        // Dynamic rematerialization fits where no stage plan does, and the MILP returns its schedule.
        let graph = TrainingGraph.random(forwardCount: 4, seed: 20)
        let dtr = try DynamicRematerialization().solve(graph, budget: 26)
        let milp = MILPStrategy(solver: HiGHSSolver(), warmStarts: [DynamicRematerialization()], order: .given)
        let solution = try milp.solve(graph, budget: 26)
        #expect(solution.replay == dtr.replay)
        #expect(!solution.isOptimal)
    }

    @Test func aTimeOutReturnsTheBestScheduleWithItsBound() throws {
        // Several baselines fit here, the best at cost 83, above the sum of costs.
        let graph = TrainingGraph.random(forwardCount: 6, seed: 2)
        let budget = 37
        let best = try #require(StrategyCatalog.baselines.compactMap { try? $0.solve(graph, budget: budget).replay.cost }.min())
        #expect(best > graph.totalCost)
        let stopped = SolveOptions(timeLimit: 0)
        let milp = MILPStrategy(solver: HiGHSSolver(), warmStarts: StrategyCatalog.baselines)
        // With no time at all, the warm starts do not run either: the lean plan it starts from stands.
        let solution = try milp.solve(graph, budget: budget, options: stopped)
        #expect(!solution.isOptimal)
        #expect(try graph.replay(solution.schedule) == solution.replay && solution.replay.peakMemory <= budget)
        #expect(solution.costLowerBound >= graph.totalCost && solution.costLowerBound < solution.replay.cost)
        // With a second, the warm starts run, and the result is never worse than the best of them.
        #expect(try milp.solve(graph, budget: budget, options: SolveOptions(timeLimit: 1)).replay.cost <= best)
        // Without warm starts, at budgets below its own lean plan's peak, a stopped MILP has no schedule to return.
        let timedOut = (graph.memoryLowerBound..<budget).compactMap { budget -> StrategyError? in
            do {
                _ = try MILPStrategy(solver: HiGHSSolver()).solve(graph, budget: budget, options: stopped)
            } catch let error as StrategyError {
                if case .timedOut = error { return error }
            } catch {}
            return nil
        }
        #expect(!timedOut.isEmpty)
        // The message says what a time-out does not prove, and the bound it does.
        for error in timedOut {
            guard case .timedOut(_, _, let bound?, let stage?, _) = error else { Issue.record("no bound in \(error)"); continue }
            #expect(bound >= graph.totalCost && stage.cost >= bound)
            #expect(error.description.contains("does not prove that none fits"))
            #expect(error.description.contains("costs at least \(bound.compactDescription)"))
            #expect(error.description.hasSuffix("any of its stage form at least \(stage.cost.compactDescription)"))
        }
    }

    @Test func timeOutNamesTheLeastPeakFound() throws {
        // 1.3x the memory lower bound of layered:250: nothing fits in seconds, and nothing proves that nothing does.
        let graph = TrainingGraph.layered(count: 250, seed: 1)
        let budget = graph.memoryLowerBound * 13 / 10
        #expect(PeakProof(graph, budget: budget) == nil)
        #expect {
            try StrategyCatalog.milp.solve(graph, budget: budget, options: SolveOptions(timeLimit: 4))
        } throws: { error in
            // The warm starts include checkpoint-all, so the least peak is at most its peak.
            guard case StrategyError.timedOut(_, 4, _, _, let peak?) = error else { return false }
            return peak > budget && peak <= graph.checkpointAllPeak()
                && "\(error)".contains("the least peak it found is \(ByteCount(peak))")
        }
    }

    @Test func noFullSolveWithLessTimeLeftThanTheRelaxationTook() throws {
        // LPs here report a day's solve: no time limit leaves room for the MIP's root node.
        let graph = TrainingGraph.random(forwardCount: 6, seed: 2)
        let budget = 37
        let milp = MILPStrategy(solver: SlowRelaxationSolver(), warmStarts: StrategyCatalog.baselines + [LPRounding(solver: SlowRelaxationSolver())])
        let solution = try milp.solve(graph, budget: budget, options: SolveOptions(timeLimit: 600))
        let lpBound = try LPRounding(solver: HiGHSSolver()).lowerBound(graph, budget: budget, options: SolveOptions())
        #expect(!solution.isOptimal)
        #expect(abs((solution.stageFormBound?.cost ?? 0) - lpBound.cost) < 1e-6)
        #expect(solution.replay.peakMemory <= budget)
        // Where nothing fits without the solver, the MILP says it timed out, still without calling it.
        let lean = MILPStrategy(solver: SlowRelaxationSolver(), warmStarts: [LPRounding(solver: SlowRelaxationSolver())])
        let outcomes = (graph.memoryLowerBound..<budget).map { budget in
            Result { () throws(StrategyError) in try lean.solve(graph, budget: budget, options: SolveOptions(timeLimit: 600)) }
        }
        #expect(outcomes.contains { if case .failure(.timedOut) = $0 { true } else { false } })
        #expect(!outcomes.contains { if case .failure(.solverFailure) = $0 { true } else { false } })
    }
}

/// HiGHS for LPs, reporting each as taking a day; a MIP is an error.
struct SlowRelaxationSolver: LinearSolver {
    var name: String { "slow relaxation" }

    func solve(_ program: LinearProgram, start: [Double]?, parameters: SolverParameters) throws(LinearSolverError) -> LinearSolution {
        guard !program.hasIntegers else { throw LinearSolverError("a MIP was solved") }
        var solution = try HiGHSSolver().solve(program, start: start, parameters: parameters)
        solution.seconds = 86_400
        return solution
    }
}

/// A backend that must not be reached.
struct FailingSolver: LinearSolver {
    var name: String { "failing" }

    func solve(_ program: LinearProgram, start: [Double]?, parameters: SolverParameters) throws(LinearSolverError) -> LinearSolution {
        throw LinearSolverError("the solver was called")
    }
}
