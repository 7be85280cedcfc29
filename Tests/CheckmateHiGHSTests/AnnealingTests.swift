import Testing
@testable import Checkmate
import CheckmateCatalog
import CheckmateHiGHS

/// The search over schedules themselves: its measure is the replay's, it
/// reaches the optimum over all schedules on tiny graphs, and it fits
/// budgets where nothing else was found.
@Suite struct AnnealingTests {
    /// Tiny graphs of every kind, small enough for ``ExhaustiveSearch/anySchedule(_:budget:)``.
    static let graphs: [TrainingGraph] = tinyGraphs
        + [1, 2, 3].map { TrainingGraph.random(forwardCount: 4, seed: $0) }
        + [8, 9, 10].map { TrainingGraph.layered(count: $0, seed: UInt64($0)) }

    @Test func theEvaluatorMeasuresWhatTheReplayMeasures() throws {
        for seed in 0..<40 {
            let graph = seed % 2 == 0
                ? TrainingGraph.random(forwardCount: 3 + seed % 9, seed: UInt64(seed))
                : TrainingGraph.layered(count: 10 + seed, seed: UInt64(seed))
            let budget = (graph.memoryLowerBound + graph.checkpointAllPeak()) / 2
            var evaluator = SequenceEvaluator(graph: graph, budget: budget)
            // Compute sequences of every shape: checkpoint-all in two orders and dtr's, when it fits.
            var sequences = [Array(graph.nodes.indices), graph.lowPeakOrder]
            if let dtr = try? DynamicRematerialization().solve(graph, budget: budget) {
                sequences.append(ComputeSequence(schedule: dtr.schedule).nodes)
            }
            for nodes in sequences {
                let replay = try graph.replay(ComputeSequence(nodes: nodes).schedule(for: graph))
                let measured = evaluator.measure(nodes)
                let measure = try #require(measured)
                #expect(measure.cost == replay.cost && measure.peak == replay.peakMemory, "\(graph.name)")
                #expect(measure.fits == (replay.peakMemory <= budget))
            }
            // An input computed after its reader, or a node never computed, is no sequence.
            let reversed = evaluator.measure(Array(graph.nodes.indices.reversed()))
            let short = evaluator.measure(Array(graph.nodes.indices.dropLast()))
            #expect(reversed == nil && short == nil)
        }
    }

    /// The memory lower bound, the checkpoint-all peak and the budget halfway.
    static func budgets(_ graph: TrainingGraph) -> [Int] {
        let (least, most) = (graph.memoryLowerBound, max(graph.memoryLowerBound, graph.checkpointAllPeak()))
        return Array(Set([least, (least + most) / 2, most])).sorted()
    }

    @Test func reachesTheOptimumOverAllSchedules() throws {
        var cases = 0, optimal = 0
        for graph in Self.graphs {
            for budget in Self.budgets(graph) {
                let exact = ExhaustiveSearch.anySchedule(graph, budget: budget)
                let solution = try? ScheduleAnnealing(steps: 50_000).solve(graph, budget: budget, options: SolveOptions(threads: 1))
                #expect((solution == nil) == (exact == nil) || solution == nil, "\(graph.name) at \(budget)")
                guard let solution, let exact else { continue }
                cases += 1
                #expect(solution.replay.cost >= exact && solution.costLowerBound <= exact + 1e-9, "\(graph.name) at \(budget)")
                if solution.replay.cost == exact { optimal += 1 }
            }
        }
        // A walk is no proof: it reaches the optimum on almost all of them.
        #expect(cases >= 28 && optimal * 10 >= cases * 9, "optimal on \(optimal) of \(cases)")
    }

    @Test func theMILPEqualsTheOptimumOverAllSchedulesOrSaysHowFarItMayBe() throws {
        var cases = 0, optimal = 0
        for graph in Self.graphs {
            for budget in Self.budgets(graph) {
                let exact = ExhaustiveSearch.anySchedule(graph, budget: budget)
                guard let solution = try? StrategyCatalog.milp.solve(graph, budget: budget, options: SolveOptions(threads: 1)) else {
                    #expect(exact == nil, "\(graph.name) at \(budget): the MILP found nothing, but \(exact ?? 0) fits")
                    continue
                }
                let optimum = try #require(exact)
                cases += 1
                #expect(solution.replay.cost >= optimum && solution.costLowerBound <= optimum + 1e-9, "\(graph.name) at \(budget)")
                if solution.replay.cost == optimum {
                    optimal += 1
                } else {
                    // Not the optimum: then it says so, with a gap to a bound that the optimum meets.
                    #expect(solution.optimalAmong != .allSchedules && solution.gap > 0, "\(graph.name) at \(budget)")
                }
            }
        }
        #expect(cases >= 28 && optimal * 10 >= cases * 9, "optimal on \(optimal) of \(cases)")
    }

    @Test func fitsATightBudgetWhereNothingElseWasFound() throws {
        // 25% of the checkpoint-all peak, 1.3 times the memory lower bound: dtr
        // thrashes, and the stage form's MILP found nothing within a minute.
        let graph = TrainingGraph.random(forwardCount: 50, seed: 1)
        let budget = graph.checkpointAllPeak() / 4
        #expect(throws: StrategyError.self) { try DynamicRematerialization().solve(graph, budget: budget) }
        let solution = try ScheduleAnnealing(steps: 50_000).solve(graph, budget: budget, options: SolveOptions(threads: 1))
        #expect(solution.replay.peakMemory <= budget)
        #expect(solution.costLowerBound <= solution.replay.cost)
    }

    /// Over the budget, the walk's weight on overflow grows and its relief
    /// moves add steps; before a walk that had fitted went back to its best
    /// state after a long stretch over the budget, seeds 2, 4 and 9 here lost
    /// their way and ended at 55,672, 98,222 and 82,807, where seeds 1 to 12
    /// otherwise reached 47,493.
    @Test func aWalkOverTheBudgetTooLongReturnsToItsBest() throws {
        let graph = TrainingGraph.layered(count: 100, seed: 1)
        let budget = graph.checkpointAllPeak() * 4 / 5
        for seed in [2, 4, 9] as [UInt64] {
            let solution = try ScheduleAnnealing(steps: 50_000).solve(graph, budget: budget, options: SolveOptions(seed: seed))
            #expect(solution.replay.cost <= graph.totalCost * 1.02, "seed \(seed)")
        }
    }

    @Test func aSeededRunRepeats() throws {
        let graph = TrainingGraph.random(forwardCount: 50, seed: 1)
        let budget = graph.checkpointAllPeak() / 2
        let annealing = ScheduleAnnealing(steps: 20_000)
        let first = try annealing.solve(graph, budget: budget, options: SolveOptions(threads: 2, seed: 9))
        let second = try annealing.solve(graph, budget: budget, options: SolveOptions(threads: 2, seed: 9))
        #expect(first.schedule == second.schedule)
    }

    @Test func aMissSaysHowCloseItCame() throws {
        // With no time, the walk cannot start: the miss names the lowest peak among its starts.
        let graph = TrainingGraph.random(forwardCount: 50, seed: 1)
        let budget = graph.checkpointAllPeak() / 4
        let least = min(graph.checkpointAllPeak(), graph.checkpointAllPeak(order: graph.lowPeakOrder))
        #expect(throws: StrategyError.doesNotFit(strategy: "annealing", budget: budget, leastPeak: least)) {
            try ScheduleAnnealing(starts: []).solve(graph, budget: budget, options: SolveOptions(timeLimit: 0))
        }
    }

    /// Where checkpoint-all fits, its cost is the bound over all schedules:
    /// the walks stop at once instead of using the hour they were given.
    @Test(.timeLimit(.minutes(1))) func stopsAtTheBoundOverAllSchedules() throws {
        let graph = TrainingGraph.layered(count: 100, seed: 1)
        let solution = try ScheduleAnnealing(starts: []).solve(
            graph, budget: graph.checkpointAllPeak(), options: SolveOptions(timeLimit: 3600))
        #expect(solution.replay.cost == graph.totalCost)
        #expect(solution.optimalAmong == .allSchedules)
    }
}
