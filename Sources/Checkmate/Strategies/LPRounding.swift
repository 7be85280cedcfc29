/// Two-phase LP rounding (Jain et al., "Checkmate: Breaking the Memory Wall
/// with Optimal Tensor Rematerialization", MLSys 2020, Algorithm 2).
///
/// Solves the linear relaxation of ``CheckmateFormulation`` at
/// `(1 - epsilon)` of the budget left after `M0` (with a time limit, only
/// when the one at the whole budget, solved first, left twice its own
/// time), rounds its S
/// deterministically at each of `thresholds` and randomly `samples` times
/// (each `S[t,i]` a coin with its LP value as the odds, seeded), computes the
/// cheapest R for each rounded S, replays, and keeps the cheapest schedule
/// that fits the whole budget. The relaxation at the whole budget is solved
/// too: its value is the `stageFormBound`, and its S is rounded the same way.
///
/// With a `repair` search (``ScheduleAnnealing``), the best rounding that
/// fits and the roundings nearest to fitting then start a search over
/// schedules for ``repairShare`` of the time left, or all of it when no
/// rounding fits: it repairs a rounding
/// that peaks over the budget and polishes the best one, outside the stage
/// form (without a time limit it only repairs, when no rounding fits). With a
/// time limit the LP may then take ``relaxationShareWithRepair`` of it: when
/// it does not finish, the boundary relaxation stands in
/// (``boundaryShareAfterUnfinishedLP`` of the rest), and when that does not
/// finish either, the search starts from nothing for the rest. Where the LP
/// would not fit in memory or its share of the time, the boundary relaxation
/// (``StageBoundaryRelaxation``) is solved and rounded instead.
/// Without one, this is the paper's algorithm.
///
/// Invariant: `stageFormBound` is the LP value at the budget (computed from
/// the duals, see ``LinearProgram/lagrangianBound(rowDuals:)``) or the
/// knapsack bound in the stage order if that is higher: a lower bound on
/// every schedule of the stage form in the chosen order, so a rounding
/// (which is of that form) never costs less; a repaired schedule may.
///
///     let rounding = LPRounding(solver: solver)   // any LinearSolver, such as CheckmateHiGHS.HiGHSSolver
///     let solution = try rounding.solve(graph, budget: 8 << 30, options: SolveOptions(samples: 32, seed: 7))
public struct LPRounding: Strategy {
    public let name = "lp-rounding"
    public var solver: any LinearSolver
    /// The share of the budget (after `M0`) held back from the relaxation that is rounded.
    public var epsilon: Double
    /// Deterministic rounding thresholds: `S[t,i] = 1` where its LP value exceeds one.
    public var thresholds: [Double]
    public var order: StageOrder
    /// The search that repairs and polishes the roundings (nil: none, the paper's algorithm).
    public var repair: ScheduleAnnealing?

    /// The share of the time left for the repair when a rounding fits (when none does, it has all of it).
    public static let repairShare = 0.5
    /// With a repair and a time limit, the share of it the LP at the whole budget may take.
    public static let relaxationShareWithRepair = 0.6
    /// When the LP does not finish, the share of the time left that the boundary
    /// relaxation, which takes about a tenth of the LP's time, may take to stand in.
    public static let boundaryShareAfterUnfinishedLP = 0.5
    /// How many of the roundings nearest to fitting the repair starts from.
    static let repairStarts = 3

    public init(
        solver: any LinearSolver, epsilon: Double = 0.1,
        thresholds: [Double] = (1...9).map { Double($0) / 10 }, order: StageOrder = .lowPeak,
        repair: ScheduleAnnealing? = nil
    ) {
        self.solver = solver
        self.epsilon = epsilon
        self.thresholds = thresholds
        self.order = order
        self.repair = repair
    }

    public var summary: String {
        "Checkmate's two-phase LP rounding: round the LP relaxation's S, then the cheapest R"
            + (repair == nil ? "" : "; repair and polish the roundings by annealing") + " (\(solver.name))"
    }

    /// The cheapest rounding that fits.
    ///
    /// - Complexity: two LPs of O(*n*² + *n* *e*) columns and rows for *n* nodes and *e* edges,
    ///   then O(*n* (*n* + *e*)) per rounding; `options.timeLimit` bounds both.
    public func solve(_ graph: TrainingGraph, budget: Int, options: SolveOptions) throws(StrategyError) -> Solution {
        let problem = try StageProblem(graph: graph, budget: budget, order: order)
        let report = options.progress ?? { _ in }
        let repairMayTakeOver = repair != nil && options.timeLimit != nil
        let whole: (relaxation: any StageRelaxation, values: [Double], bound: Double)
        let share = repairMayTakeOver ? Self.relaxationShareWithRepair : 1
        let roundsFormulation = !usesBoundaries(.automatic, problem, options: options, share: share)
        do {
            whole = try relaxation(problem, budget: budget, options: options, share: share)
        } catch .timedOut(let strategy, let seconds, let all, let stage, let least) where repairMayTakeOver {
            let unfinished = "lp-rounding: the LP did not finish in \(Int(Self.relaxationShareWithRepair * 100))% of the time limit; "
            if roundsFormulation, let boundaries = try? relaxation(
                problem, budget: budget, options: options, share: Self.boundaryShareAfterUnfinishedLP, kind: .boundaries) {
                report(unfinished + "the boundary relaxation stands in")
                whole = (boundaries.relaxation, boundaries.values, max(boundaries.bound, stage?.cost ?? -.infinity))
            } else {
                report(unfinished + "the repair searches from nothing for the rest")
                var limited = options
                limited.progress = nil
                limited.cache = nil
                limited.timeLimit = problem.secondsLeft(options)
                guard let found = try? repair?.improve([], on: graph, budget: budget, options: limited) else {
                    throw .timedOut(strategy: strategy, seconds: seconds, costLowerBound: all, stageFormBound: stage, leastPeak: least)
                }
                return try Solution(
                    graph: graph, schedule: found.schedule, strategy: name, budget: budget,
                    costLowerBound: problem.costLowerBound, stageFormBound: stage, solveSeconds: problem.elapsedSeconds)
            }
        }
        var points = [(whole.relaxation, whole.values)]
        let held = graph.constantMemory + Int((1 - epsilon) * Double(budget - graph.constantMemory))
        let kind: Relaxation = whole.relaxation is StageBoundaryRelaxation ? .boundaries : .formulation
        // The second relaxation takes about as long as the first: it is solved only if that leaves
        // as much again for the roundings and the repair.
        let firstSeconds = problem.elapsedSeconds
        if epsilon > 0, problem.secondsLeft(options).map({ $0 > 2 * firstSeconds }) ?? true,
           let reduced = try? relaxation(problem, budget: held, options: options, kind: kind) {
            points.insert((reduced.relaxation, reduced.values), at: 0)
        }
        var random = SplitMix64(seed: options.seed)
        // Hashes, not matrices: a million samples of a large graph would not fit in memory.
        var tried = Set<Int>()
        var stopped = false
        var best: StageProblem.Candidate?
        var leastPeak: Int?
        /// The roundings that peak over the budget nearest to it, for the repair.
        var nearest: [(peak: Int, schedule: Schedule)] = []
        // The roundings are made one at a time, so that the time limit holds for any number of samples.
        rounding: for (relaxation, values) in points {
            for attempt in 0..<(thresholds.count + options.samples) {
                if attempt > 0, problem.secondsLeft(options) == 0 {
                    report("lp-rounding: the time limit stopped the roundings after \(tried.count)")
                    stopped = true
                    break rounding
                }
                let retain = attempt < thresholds.count
                    ? relaxation.retain(from: values) { $0 > thresholds[attempt] }
                    : relaxation.retain(from: values) { $0 > Double.random(in: 0..<1, using: &random) }
                guard tried.insert(retain.hashValue).inserted else { continue }
                let plan = StagePlan(graph: problem.graph, retain: retain).trimmed(in: problem.graph)
                if let candidate = problem.candidate(plan) {
                    best = StageProblem.cheaper(best, candidate)
                } else {
                    let schedule = plan.schedule(for: problem.graph)
                    guard let peak = try? problem.graph.replay(schedule).peakMemory else { continue }
                    leastPeak = min(leastPeak ?? peak, peak)
                    if repair != nil {
                        nearest.append((peak, schedule))
                        nearest.sort { $0.peak < $1.peak }
                        if nearest.count > Self.repairStarts { nearest.removeLast() }
                    }
                }
            }
        }
        report("lp-rounding: \(tried.count) roundings, best \(best.map { $0.replay.cost.compactDescription } ?? "none fits"), LP bound \(whole.bound.compactDescription)")
        // Without a time limit (as in sweeps of tiny graphs) only a rounding over the budget is repaired.
        if let repair, problem.secondsLeft(options).map({ $0 > 0 }) ?? (best == nil) {
            var limited = options
            limited.progress = nil
            limited.cache = nil
            limited.timeLimit = problem.secondsLeft(options, share: best == nil ? 1 : Self.repairShare)
            let starts = ([best?.schedule].compactMap { $0 } + nearest.map(\.schedule)).map {
                Schedule(steps: $0.steps.map { problem.callerStep($0) })
            }
            if let repaired = try? repair.improve(starts, on: graph, budget: budget, options: limited),
               repaired.replay.cost < best?.replay.cost ?? .infinity,
               let candidate = problem.candidate(callerSchedule: repaired.schedule) {
                report("lp-rounding: the repair " + (best == nil ? "made a rounding fit" : "polished the best rounding")
                    + " at cost \(repaired.replay.cost.compactDescription)")
                best = candidate
                stopped = false
            }
        }
        guard let best else {
            guard !stopped else {
                throw .timedOut(strategy: name, seconds: options.timeLimit ?? 0, costLowerBound: problem.costLowerBound,
                                stageFormBound: StageFormBound(cost: whole.bound, order: problem.order), leastPeak: leastPeak)
            }
            throw .doesNotFit(strategy: name, budget: budget, leastPeak: leastPeak)
        }
        return try problem.solution(best, strategy: name, stageFormBound: whole.bound)
    }

    /// Which linear relaxation of the stage form is solved.
    public enum Relaxation: Sendable {
        /// ``CheckmateFormulation``'s.
        case formulation
        /// ``StageBoundaryRelaxation``: about a third of the columns, a bound that may be lower.
        case boundaries
        /// The formulation's, unless it would not fit in `SolveOptions/programMemoryLimit`
        /// or, with a time limit, not finish in the time it is given: then the boundaries.
        case automatic
    }

    /// The LP lower bound at `budget`: the optimum of `relaxation`, a bound
    /// on every schedule of the stage form in this strategy's order.
    ///
    /// - Throws: ``StrategyError/infeasible(budget:reason:)`` when a
    ///   ``PeakProof`` shows that no schedule fits the budget, ``StrategyError/noStageFormSchedule(strategy:budget:tried:)``
    ///   when the relaxation has no point.
    public func lowerBound(
        _ graph: TrainingGraph, budget: Int, options: SolveOptions, relaxation kind: Relaxation = .formulation
    ) throws(StrategyError) -> StageFormBound {
        let problem = try StageProblem(graph: graph, budget: budget, order: order)
        let bound = try relaxation(problem, budget: budget, options: options, kind: kind).bound
        return StageFormBound(cost: bound, order: problem.order)
    }

    /// Whether `kind` is, or chooses, the boundary relaxation given `share` of the time left.
    private func usesBoundaries(_ kind: Relaxation, _ problem: StageProblem, options: SolveOptions, share: Double) -> Bool {
        switch kind {
        case .formulation: false
        case .boundaries: true
        case .automatic: problem.programTooLarge(options) != nil
            || problem.secondsLeft(options, share: share).map { problem.estimatedRelaxationSeconds > $0 } ?? false
        }
    }

    /// The relaxation of `kind` at `budget` given `share` of the time left, solved to optimality
    /// (see ``StageProblem/relaxation(at:solver:options:share:boundaries:)``).
    private func relaxation(
        _ problem: StageProblem, budget: Int, options: SolveOptions, share: Double = 1, kind: Relaxation = .automatic
    ) throws(StrategyError) -> (relaxation: any StageRelaxation, values: [Double], bound: Double) {
        let boundaries = usesBoundaries(kind, problem, options: options, share: share)
        if let reason = problem.programTooLarge(options, boundaries: boundaries) { throw .unsupported(strategy: name, reason: reason) }
        let relaxation: any StageRelaxation
        let result: LinearSolution
        do {
            (relaxation, result) = try problem.relaxation(
                at: budget, solver: solver, options: options, share: share, boundaries: boundaries)
        } catch {
            throw .solverFailure(error.message)
        }
        options.progress?("lp-rounding: \(boundaries ? "boundary relaxation" : "LP") at \(ByteCount(budget)): "
            + "\(relaxation.program.columnCount) columns, \(relaxation.program.rowCount) rows, \(result.status) "
            + "in \(result.seconds.compactDescription) s")
        // The duals' Lagrangian bound is sound whatever the solver's tolerances, and exists on a time-out
        // too; an objective without duals bounds the cost only at an optimum.
        let objective = result.rowDuals.map(relaxation.program.lagrangianBound(rowDuals:))
            ?? (result.status == .optimal ? result.objective : nil)
        let bound = max(objective.map(relaxation.cost(ofObjective:)) ?? -.infinity, problem.stageFormBound)
        switch result.status {
        case .optimal:
            guard let values = result.values else {
                throw .solverFailure("\(solver.name) reported an optimal LP without a solution")
            }
            return (relaxation, values, bound)
        case .infeasible:
            throw .noStageFormSchedule(strategy: name, budget: budget, tried: [])
        case .timeLimit:
            throw .timedOut(
                strategy: name, seconds: options.timeLimit ?? result.seconds, costLowerBound: problem.costLowerBound,
                stageFormBound: StageFormBound(cost: bound, order: problem.order))
        default:
            throw .solverFailure("\(solver.name) ended the LP with status \(result.status)")
        }
    }
}
