/// Optimal rematerialization: Checkmate's MILP (Jain et al., "Checkmate:
/// Breaking the Memory Wall with Optimal Tensor Rematerialization", MLSys
/// 2020), solved by a ``LinearSolver``.
///
/// The graph is renumbered into a topological order (``StageOrder``); the
/// best warm-start schedule that fits is polished and improved by a search
/// of its neighbourhood (relaxation-induced neighbourhood search);
/// the ``CheckmateFormulation`` is solved from that MIP start; the cheapest
/// R is recomputed for the chosen S; and the plan's schedule is replayed.
/// The solver is not called when less time is left than the LP relaxation
/// took (it would not finish its root node), nor when the LP is estimated
/// to take more than half the time limit: LP rounding then rounds the
/// smaller ``StageBoundaryRelaxation``, whose value also bounds the cost.
/// On a time-out the best schedule found so far is returned, not proven
/// optimal. The result's
/// `stageFormBound` is the best bound proven on the stage form in the
/// chosen order (HiGHS's dual bound as HiGHS reports it, the LP value
/// proven from its duals, or the knapsack bound in that order); its
/// `costLowerBound` holds for every schedule. With a ``SolveCache`` in the
/// options, solves at several budgets share one formulation and solver
/// session, and each budget's best schedule starts the next.
///
/// Invariant: the result never costs more than the cheapest warm-start
/// strategy's schedule at the same budget; it is optimal among the stage
/// form only when it is of that form (not a warm start's schedule from
/// outside it, such as `dtr`'s) and meets the stage-form bound to
/// ``Solution/optimalityTolerance``.
///
///     let milp = MILPStrategy(solver: solver, warmStarts: Baselines.all, rounding: LPRounding(solver: solver))
///     let solution = try milp.solve(graph, budget: 8 << 30, options: SolveOptions(timeLimit: 60))
public struct MILPStrategy: Strategy {
    /// The share of the time left that each warm-start strategy may use.
    public static let warmStartShare = 1.0 / 3
    /// The share when the solver is not called: the search, which improves on
    /// the warm starts' schedules, then does the work and gets the rest.
    public static let warmStartShareWithoutSolver = 0.1
    /// The share for ``LPRounding``, whose relaxation, once solved, also
    /// serves the neighbourhood search and bounds the cost.
    public static let relaxationShare = 2.0 / 3
    /// The share when the solver is not called and LP rounding rounds the
    /// boundary relaxation (``StageBoundaryRelaxation``), whose value also bounds the cost.
    public static let relaxationShareWithoutSolver = 0.4
    /// The largest share of the time limit that the boundary relaxation may be
    /// estimated to take for LP rounding to round it: about the share it gets.
    public static let boundaryLimitShare = relaxationShareWithoutSolver * (1 - finalSearchShare)
    /// The share of the time left for polishing the MIP start (5 s without a time limit).
    public static let polishShare = 0.1

    public let name = "milp"
    public var solver: any LinearSolver
    /// Strategies whose schedules seed the solver and bound the result.
    public var warmStarts: [any Strategy]
    /// LP rounding as a warm start too, whose relaxation, once solved, also
    /// guides the neighbourhood search and bounds the cost.
    public var rounding: LPRounding?
    public var order: StageOrder

    public init(
        solver: any LinearSolver, warmStarts: [any Strategy] = [], rounding: LPRounding? = nil, order: StageOrder = .lowPeak
    ) {
        self.solver = solver
        self.warmStarts = warmStarts
        self.rounding = rounding
        self.order = order
    }

    public var summary: String {
        "Checkmate's MILP: the cheapest schedule of its stage form (\(solver.name))"
    }

    /// The share of the time limit kept for the last search outside the stage form.
    public static let finalSearchShare = 0.15
    /// The share of the time left that the search among the warm starts may use.
    public static let searchShare = 0.25
    /// The largest share of the time limit that the stage form's LP may be
    /// estimated to take (`StageProblem/estimatedRelaxationSeconds`) for
    /// the solver to be called at all.
    public static let relaxationLimitShare = 0.5

    /// About how many seconds the LP relaxation of the stage form on `graph`
    /// takes (it grows with the 1.8th power of the columns, about the 3.6th of
    /// the nodes), so that a caller without a time limit can say how long
    /// a solve may run.
    public static func estimatedRelaxationSeconds(on graph: TrainingGraph) -> Double {
        StageProblem.estimatedRelaxationSeconds(columns: StageProblem.estimatedColumns(of: graph))
    }

    /// The search among the warm starts, if any; it also runs last, from the best schedule.
    var search: ScheduleAnnealing? { warmStarts.lazy.compactMap { $0 as? ScheduleAnnealing }.first }

    /// The stage form's best schedule, then, with a ``ScheduleAnnealing``
    /// among the warm starts, a search from it outside the stage form with
    /// the time kept for it (``finalSearchShare``): the result is the cheaper
    /// one, with the bounds the stage form's solve proved.
    ///
    /// - Complexity: a program of O(*n*² + *n* *e*) columns and rows for *n* nodes and *e* edges;
    ///   the solve is exponential in the worst case and bounded by `options.timeLimit`.
    public func solve(_ graph: TrainingGraph, budget: Int, options: SolveOptions) throws(StrategyError) -> Solution {
        var nearMisses: [Schedule] = []
        guard let search else { return try solveStageForm(graph, budget: budget, options: options, nearMisses: &nearMisses) }
        let began = ContinuousClock.now
        var inner = options
        inner.timeLimit = options.timeLimit.map { $0 * (1 - Self.finalSearchShare) }
        let staged = Result { () throws(StrategyError) in
            try solveStageForm(graph, budget: budget, options: inner, nearMisses: &nearMisses)
        }
        var last = options
        last.cache = nil
        last.timeLimit = options.timeLimit.map { max($0 - (ContinuousClock.now - began) / .seconds(1), 0) }
        let elapsed = { (ContinuousClock.now - began) / .seconds(1) }
        switch staged {
        case .success(var solution):
            guard !solution.isOptimal || solution.optimalAmong == .stageForm,
                  let improved = try? search.improve(
                      [solution.schedule], on: graph, budget: budget, options: last, costLowerBound: solution.costLowerBound),
                  improved.replay.cost < solution.replay.cost
            else {
                solution.solveSeconds = elapsed()
                return solution
            }
            options.progress?("milp: the search outside the stage form lowered the cost from "
                + "\(solution.replay.cost.compactDescription) to \(improved.replay.cost.compactDescription)")
            return try Solution(
                graph: graph, schedule: improved.schedule, strategy: name, budget: budget,
                costLowerBound: solution.costLowerBound, stageFormBound: solution.stageFormBound, solveSeconds: elapsed())
        case .failure(let error):
            // Nothing fit in the time: the search may still find a schedule with the time kept for it.
            var bounds: (all: Double?, stage: StageFormBound?) = (nil, nil)
            switch error {
            case .timedOut(_, _, let all, let stage, _): bounds = (all, stage)
            case .doesNotFit, .noStageFormSchedule: break
            default: throw error
            }
            // Counted in proposals (no time limit), the search would repeat the warm start's miss.
            // It goes on from the warm starts' least peak.
            last.seed &+= 1
            guard options.timeLimit != nil else { throw error }
            let found: Solution
            switch try search.improvement(of: nearMisses, on: graph, budget: budget, options: last, costLowerBound: bounds.all) {
            case .fits(let solution): found = solution
            case .nearMiss(_, let peak):
                switch error {
                case .doesNotFit(let strategy, _, let earlier) where peak < earlier ?? .max:
                    throw .doesNotFit(strategy: strategy, budget: budget, leastPeak: peak)
                case .timedOut(let strategy, _, let all, let stage, let earlier):
                    throw .timedOut(
                        strategy: strategy, seconds: options.timeLimit ?? 0, costLowerBound: all, stageFormBound: stage,
                        leastPeak: min(peak, earlier ?? .max))
                default: throw error
                }
            }
            options.progress?("milp: the search outside the stage form found a schedule where the stage form's solve found none")
            return try Solution(
                graph: graph, schedule: found.schedule, strategy: name, budget: budget,
                costLowerBound: bounds.all, stageFormBound: bounds.stage, solveSeconds: elapsed())
        }
    }

    /// The pipeline in the stage form: warm starts, polish, neighbourhood search and the solver;
    /// the warm starts' schedules of least peak, when none fits, are left in `nearMisses`.
    private func solveStageForm(
        _ graph: TrainingGraph, budget: Int, options: SolveOptions, nearMisses: inout [Schedule]
    ) throws(StrategyError) -> Solution {
        var problem = try StageProblem(graph: graph, budget: budget, order: order)
        // A cache of its own at least, so that LP rounding's relaxation also serves the neighbourhood search.
        var options = options
        if options.cache == nil { options.cache = SolveCache() }
        let report = options.progress ?? { _ in }
        try problem.raiseCostLowerBound(solver: solver, options: options)
        /// The solution for `best`, which the cache keeps to start the next budget's solve.
        func finish(_ best: StageProblem.Candidate, bound: Double?) throws(StrategyError) -> Solution {
            options.cache?.set(Self.bestKey, for: problem.graph, to: best)
            return try problem.solution(best, strategy: name, stageFormBound: bound)
        }
        // Outside the stage form, like the search's schedules: only where there is a search.
        let moments = search == nil ? nil : problem.momentSchedule.flatMap(problem.candidate(callerSchedule:))
        if let moments, Solution.meets(moments.replay.cost, bound: problem.costLowerBound) {
            report("milp: the moment relaxation's point, read as a schedule, fits and meets its bound; no solve needed")
            return try finish(moments, bound: problem.stageFormBound)
        }
        let carried = StageProblem.cheaper(
            (options.cache?.value(Self.bestKey, for: problem.graph) as StageProblem.Candidate?)
                .flatMap { problem.candidate($0.schedule, plan: $0.plan) },
            moments)
        if let carried, Solution.meets(carried.replay.cost, bound: problem.costLowerBound) {
            report("milp: the schedule of a smaller budget meets the bound over all schedules; no solve needed")
            return try finish(carried, bound: problem.stageFormBound)
        }
        // A relaxation that would take most of the time leaves none for the solver: the search gets it.
        let estimate = problem.estimatedRelaxationSeconds
        let tooLarge = problem.programTooLarge(options)
        let usesSolver = tooLarge == nil && (options.timeLimit.map { estimate <= Self.relaxationLimitShare * $0 } ?? true)
        // Without the solver, LP rounding may still round the smaller boundary relaxation.
        let roundsBoundaries = !usesSolver && rounding != nil && problem.programTooLarge(options, boundaries: true) == nil
            && options.timeLimit.map { problem.estimatedBoundarySeconds <= Self.boundaryLimitShare * $0 } ?? true
        let instead = (roundsBoundaries ? "LP rounding rounds the boundary relaxation and " : "")
            + "the search outside the stage form gets the time instead"
        if let tooLarge {
            report("milp: \(tooLarge); \(instead)")
        } else if !usesSolver {
            report("milp: the stage form's LP would take about \(Int(estimate)) s (\(problem.estimatedColumns) columns), "
                + "more than the time allows; \(instead)")
        }
        let warm = warmStart(
            problem, carried: carried, options: options, usesSolver: usesSolver, roundsBoundaries: roundsBoundaries,
            nearMisses: &nearMisses)
        if let best = warm.best, Solution.meets(best.replay.cost, bound: problem.costLowerBound) {
            report("milp: a warm start meets the bound over all schedules; no solve needed")
            return try finish(best, bound: warm.bound)
        }
        if let best = warm.best, StageProblem.isProven(best, bound: warm.bound) {
            report("milp: a warm start of the stage form meets its bound; no solve needed")
            return try finish(best, bound: warm.bound)
        }
        if !usesSolver {
            guard let best = warm.best else { throw timedOut(options.timeLimit ?? 0, problem: problem, stageFormBound: warm.bound) }
            return try finish(best, bound: warm.bound)
        }
        if warm.outOfTime, let best = warm.best {
            report("milp: a warm start ran out of time, so the solver would not finish its relaxation either; "
                + "the time left went to polishing")
            return try finish(best, bound: warm.bound)
        }
        if let best = warm.best, best.replay.cost <= warm.bound {
            // Every stage-form schedule costs at least the bound: the solver cannot beat a schedule outside the form.
            report("milp: the best warm start costs \(best.replay.cost.compactDescription), no more than the stage form's "
                + "bound \(warm.bound.compactDescription); the solver could not beat it, so the time left goes to the search")
            return try finish(best, bound: warm.bound)
        }
        let formulation = problem.formulation(relaxed: false, cache: options.cache)
        var warmBest = warm.best
        var start = warm.start?.plan.flatMap(formulation.start(for:))
        // Each cheaper start has a new neighbourhood; search them while they pay.
        var current = warm.start
        while let incumbent = current, let point = start,
              let better = neighbourhood(of: incumbent, point: point, formulation: formulation, problem: problem, options: options),
              let plan = better.plan, let next = formulation.start(for: plan) {
            warmBest = StageProblem.cheaper(warmBest, better)
            start = next
            current = better
        }
        if let lpSeconds = problem.relaxationSeconds(cache: options.cache),
           let limit = options.timeLimit, let left = problem.secondsLeft(options), left < lpSeconds {
            report("milp: \(Int(left)) s left, less than the \(Int(lpSeconds)) s that the LP relaxation took, "
                + "so the solver would not finish its root node")
            guard let best = warmBest else { throw timedOut(limit, problem: problem, stageFormBound: warm.bound) }
            return try finish(best, bound: warm.bound)
        }
        let program = formulation.program
        report("milp: \(graph.count) nodes, \(program.columnCount) columns "
            + "(\(program.isInteger.filter { $0 }.count) binary), \(program.rowCount) rows; "
            + "best warm start costs \(warmBest.map { $0.replay.cost.compactDescription } ?? "nothing (none fits)"); "
            + "MIP start \(start.map { "costs \(formulation.cost(ofObjective: program.objectiveValue(of: $0)).compactDescription)" } ?? "none")")
        let result: LinearSolution
        do {
            let session = problem.session(of: solver, for: name, cache: options.cache)
            result = try session.solve(program, start: start, parameters: problem.parameters(options) { step in
                let cost = { (value: Double) in formulation.cost(ofObjective: value).compactDescription }
                let bound = step.dualBound.map { ", bound \(cost($0))" } ?? ""
                report("milp: \(Int(step.seconds)) s, best \(step.objective.map(cost) ?? "none")\(bound)")
            })
        } catch {
            guard let best = warmBest else { throw .solverFailure(error.message) }
            report("milp: the solver failed (\(error.message)); the best warm start stands")
            return try finish(best, bound: warm.bound)
        }
        let found = result.values.flatMap { problem.candidate(formulation.plan(from: $0)) }
        report("milp: \(result.status) after \(Int(result.seconds)) s")
        if result.values != nil, found == nil {
            report("milp: the solver's best point decodes to a schedule over the budget; it is ignored")
        }
        var bound = warm.bound
        if let dual = result.dualBound ?? (result.status == .optimal ? result.objective : nil) {
            bound = max(bound, formulation.cost(ofObjective: dual))
        }
        guard let best = StageProblem.cheaper(found, warmBest) else {
            switch result.status {
            case .infeasible:
                throw .noStageFormSchedule(strategy: name, budget: budget, tried: (warmStarts + [rounding].compactMap { $0 }).map(\.name))
            case .timeLimit:
                throw timedOut(options.timeLimit ?? result.seconds, problem: problem, stageFormBound: bound)
            default:
                throw .solverFailure("\(solver.name) ended with status \(result.status) and no schedule")
            }
        }
        guard result.status != .infeasible else {
            // A bound over an empty family would hold vacuously and say nothing.
            report("milp: the solver proved that no schedule of the stage form fits in its order; "
                + "the best warm start lies outside it and stands, with no stage-form bound")
            return try finish(best, bound: nil)
        }
        return try finish(best, bound: bound)
    }

    private func timedOut(_ seconds: Double, problem: StageProblem, stageFormBound: Double) -> StrategyError {
        .timedOut(
            strategy: name, seconds: seconds, costLowerBound: problem.costLowerBound,
            stageFormBound: StageFormBound(cost: stageFormBound, order: problem.order))
    }

    /// The cache entry that carries the best schedule to the next budget.
    private static let bestKey = "milp.best"

    /// The cheapest schedule that fits among the warm-start strategies',
    /// checkpoint-all's, the plan that keeps only non-forward outputs, and
    /// `carried` (a smaller budget's best, from the cache, or, with a search, the moment relaxation's point read as a schedule); the cheapest
    /// stage plan that fits among them and their stage forms, polished, for
    /// the MIP start; and the best bound on the stage form they proved. Each strategy may use
    /// ``warmStartShare`` of the time left (``warmStartShareWithoutSolver``
    /// when the solver is not called and a search follows; LP rounding ``relaxationShare``,
    /// or ``relaxationShareWithoutSolver`` when it rounds the boundary relaxation, `roundsBoundaries`),
    /// the polish ``polishShare``, or all of it when a strategy ran out of
    /// time (`outOfTime`): then the graph is too large for the solver to
    /// finish the relaxation that LP rounding could not, and the MILP does
    /// not call it. Schedules of the caller's graph over the budget that
    /// strategies hand back (``NearMissReporting``) are added to `nearMisses`.
    private func warmStart(
        _ problem: StageProblem, carried: StageProblem.Candidate?, options: SolveOptions, usesSolver: Bool,
        roundsBoundaries: Bool, nearMisses: inout [Schedule]
    ) -> (best: StageProblem.Candidate?, start: StageProblem.Candidate?, bound: Double, outOfTime: Bool) {
        // Keeping everything is the cheapest plan; keeping only what the backward pass makes is a lean one.
        let extremes = [
            StagePlan.retainingAll(in: problem.graph), StagePlan.retainingAll(in: problem.graph) { $0.kind != .forward },
        ]
        var candidates = extremes.map { problem.candidate($0.trimmed(in: problem.graph)) } + [carried]
        var bound = problem.stageFormBound
        var outOfTime = false
        let startShare = usesSolver || search == nil ? Self.warmStartShare : Self.warmStartShareWithoutSolver
        var starts: [(strategy: any Strategy, share: Double)] = warmStarts.map { ($0, startShare) }
        if let rounding, usesSolver {
            starts.append((rounding, Self.relaxationShare))
        } else if let rounding, roundsBoundaries {
            // Before the search, which takes the rest.
            let search = starts.firstIndex { $0.strategy is ScheduleAnnealing } ?? starts.endIndex
            starts.insert((rounding, Self.relaxationShareWithoutSolver), at: search)
        }
        for (index, (strategy, share)) in starts.enumerated() {
            // Out of time (on a graph of tens of thousands of nodes, say): what fits so far stands.
            if problem.secondsLeft(options) == 0 {
                options.progress?("milp: out of time before the warm starts "
                    + starts[index...].map(\.strategy.name).joined(separator: ", "))
                outOfTime = true
                break
            }
            if let search = strategy as? ScheduleAnnealing {
                // The search starts from the cheapest schedules so far and makes no stage plan of its own.
                // Without a time limit the solver reaches the stage form's optimum, and the last search
                // starts from that: this one is then needed only when nothing fits yet.
                if options.timeLimit == nil, candidates.contains(where: { $0 != nil }) { continue }
                var limited = options
                limited.progress = nil
                limited.cache = nil
                limited.timeLimit = problem.secondsLeft(options, share: usesSolver ? Self.searchShare : 1)
                let starts = candidates.compactMap { $0?.schedule }.map { Schedule(steps: $0.steps.map { problem.callerStep($0) }) }
                    + nearMisses
                let attempt = try? search.improvement(
                    of: starts, on: problem.original, budget: problem.budget, options: limited,
                    costLowerBound: problem.costLowerBound)
                if case .nearMiss(let schedule, _) = attempt { nearMisses.append(schedule) }
                guard case .fits(let solution) = attempt, let schedule = problem.candidate(callerSchedule: solution.schedule)
                else {
                    options.progress?("milp: warm start \(strategy.name) has no schedule within the budget")
                    continue
                }
                options.progress?("milp: warm start \(strategy.name) costs \(solution.replay.cost.compactDescription)")
                let plan = problem.candidate(StagePlan(graph: problem.graph, following: schedule.schedule).trimmed(in: problem.graph))
                candidates += [schedule, plan]
                continue
            }
            var limited = options
            limited.progress = nil
            /// The strategy's solution on the caller's graph (its near miss kept for the search), or on the graph in the stage order.
            func run(renumbered: Bool) -> Solution? {
                limited.timeLimit = problem.secondsLeft(options, share: share)
                do {
                    guard !renumbered, let reporting = strategy as? any NearMissReporting else {
                        return try strategy.solve(renumbered ? problem.graph : problem.original, budget: problem.budget, options: limited)
                    }
                    switch try reporting.attempt(problem.original, budget: problem.budget, options: limited) {
                    case .fits(let solution): return solution
                    case .nearMiss(let schedule, _): nearMisses.append(schedule)
                    }
                } catch .timedOut(_, _, let partial, let stagePartial, _) {
                    bound = max(bound, partial ?? bound, problem.bound(from: stagePartial, renumbered: renumbered))
                    outOfTime = true
                } catch {}
                return nil
            }
            guard let solution = run(renumbered: false),
                  let schedule = problem.candidate(callerSchedule: solution.schedule)
            else {
                options.progress?("milp: warm start \(strategy.name) has no schedule within the budget")
                continue
            }
            options.progress?("milp: warm start \(strategy.name) costs \(solution.replay.cost.compactDescription)")
            bound = max(bound, solution.costLowerBound, problem.bound(from: solution.stageFormBound, renumbered: false))
            var plan = problem.candidate(StagePlan(graph: problem.graph, following: schedule.schedule).trimmed(in: problem.graph))
            // A schedule made in another order rarely has a good stage form in this one: make one in this order.
            if !problem.keepsOrder, (plan?.replay.cost ?? .infinity) > schedule.replay.cost,
               let renumbered = run(renumbered: true) {
                let following = StagePlan(graph: problem.graph, following: renumbered.schedule).trimmed(in: problem.graph)
                plan = StageProblem.cheaper(plan, problem.candidate(following))
            }
            candidates += [schedule, plan]
        }
        var best = candidates.reduce(nil, StageProblem.cheaper)
        guard usesSolver, let start = candidates.filter({ $0?.plan != nil }).reduce(nil, StageProblem.cheaper) else {
            return (best, nil, bound, outOfTime)
        }
        let share = outOfTime ? 1 : Self.polishShare
        let seconds = problem.secondsLeft(options, share: share) ?? 5
        var random = SplitMix64(seed: options.seed)
        let polished = problem.polished(start, until: .now + .seconds(seconds), using: &random)
        if polished.replay.cost < start.replay.cost {
            options.progress?("milp: polishing the MIP start lowered its cost from \(start.replay.cost.compactDescription) "
                + "to \(polished.replay.cost.compactDescription)")
        }
        best = StageProblem.cheaper(best, polished)
        return (best, polished, bound, outOfTime)
    }
}
