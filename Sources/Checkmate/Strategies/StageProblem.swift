import Foundation

/// Which topological order a stage formulation follows.
public enum StageOrder: String, Hashable, Sendable, CaseIterable {
    /// The graph's own node order.
    case given
    /// ``TrainingGraph/lowPeakOrder``: the candidate order with the lowest checkpoint-all peak.
    case lowPeak = "low-peak"

    /// The order's node indices in `graph`.
    public func indices(in graph: TrainingGraph) -> [Int] {
        self == .lowPeak ? graph.lowPeakOrder : Array(graph.nodes.indices)
    }
}

/// One budget's search over stage plans, shared by ``MILPStrategy`` and
/// ``LPRounding``: the graph renumbered into the stage order, and the way
/// back to the caller's node indices.
///
/// Invariant: `order[p]` is the caller's index of node `p` of `graph`, and
/// `position` is its inverse.
struct StageProblem {
    /// A plan that fits the budget, its schedule and the schedule's replay, on `graph`.
    struct Candidate: Sendable {
        var plan: StagePlan?
        var schedule: Schedule
        var replay: Replay
    }

    let original: TrainingGraph
    let graph: TrainingGraph
    let budget: Int
    let order: [Int]
    let position: [Int]
    /// A bound on every schedule within the budget:
    /// ``TrainingGraph/costLowerBound(budget:)``, which needs no solver, or
    /// what ``raiseCostLowerBound(solver:options:)`` proves.
    var costLowerBound: Double
    /// The cheapest best point of ``raiseCostLowerBound(solver:options:)``'s
    /// rounds read as a schedule of the caller's graph, where one fits.
    var momentSchedule: Schedule?
    /// A bound on every schedule first computed in the stage order, the stage
    /// form's among them, that needs no solver: the sum of costs plus
    /// ``TrainingGraph/recomputationLowerBound(budget:scope:)`` in that order.
    let stageFormBound: Double
    let started = ContinuousClock.now

    /// - Throws: ``StrategyError/infeasible(budget:reason:)`` when a
    ///   ``PeakProof`` shows that no schedule fits `budget`.
    init(graph: TrainingGraph, budget: Int, order choice: StageOrder) throws(StrategyError) {
        try graph.checkBudget(budget)
        let order = choice.indices(in: graph)
        self.original = graph
        self.graph = graph.reordered(order)!
        self.budget = budget
        self.order = order
        var position = Array(repeating: 0, count: order.count)
        for (p, v) in order.enumerated() { position[v] = p }
        self.position = position
        // Never nil: the budget holds every node's memory to compute, checked above.
        self.costLowerBound = graph.costLowerBound(budget: budget) ?? graph.totalCost
        // In the stage order already, so the knapsack needs no second renumbering.
        self.stageFormBound = graph.totalCost
            + (self.graph.recomputationLowerBound(budget: budget, scope: .firstComputedInOrder) ?? 0)
    }

    var elapsedSeconds: Double {
        let elapsed = ContinuousClock.now - started
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    /// Solver parameters from strategy options, with the time already spent taken off the limit.
    func parameters(
        _ options: SolveOptions, share: Double = 1, progress: (@Sendable (SolverProgress) -> Void)? = nil
    ) -> SolverParameters {
        SolverParameters(
            timeLimit: secondsLeft(options, share: share),
            relativeGap: options.relativeGap, threads: options.threads, progress: progress)
    }

    /// `share` of the seconds left of the options' time limit (nil: no limit).
    func secondsLeft(_ options: SolveOptions, share: Double = 1) -> Double? {
        options.timeLimit.map { max($0 - elapsedSeconds, 0) * share }
    }

    /// About how many columns ``CheckmateFormulation`` has on `graph`, from
    /// the node and edge counts alone: `R`, `S` and `U` about `n²/2` each,
    /// and a `FREE` column for each input (and output) of each node in each later stage.
    var estimatedColumns: Int { Self.estimatedColumns(of: graph) }

    /// ``estimatedColumns`` of the program on `graph` in its own order.
    static func estimatedColumns(of graph: TrainingGraph) -> Int {
        let n = graph.count
        let frees = graph.nodes.indices.reduce(0) { $0 + (n - $1) * (graph.nodes[$1].inputs.count + 1) }
        return 3 * n * (n + 1) / 2 + frees
    }

    /// About how long HiGHS takes for the LP relaxation of ``CheckmateFormulation``
    /// on this machine's kind (2 s for the 31,513 columns of a 101-node random
    /// training graph, growing with the 1.8th power of the columns, as it did
    /// up to 251 nodes), so that graphs whose relaxation cannot finish in
    /// time are not handed to the solver.
    var estimatedRelaxationSeconds: Double { Self.estimatedRelaxationSeconds(columns: estimatedColumns) }

    /// The same estimate for ``StageBoundaryRelaxation``, which has fewer columns.
    var estimatedBoundarySeconds: Double {
        Self.estimatedRelaxationSeconds(columns: StageBoundaryRelaxation.columnCount(nodes: graph.count))
    }

    static func estimatedRelaxationSeconds(columns: Int) -> Double {
        2 * pow(Double(columns) / 31_513, 1.8)
    }

    /// About how many bytes a program of `columns` columns and the solver's
    /// copy of it hold: 2.7 KB a column, as HiGHS's LP took 1.4 GB at 514,028
    /// columns (random:200) and 5.3 GB at 2,038,547 (random:400).
    static func estimatedBytes(columns: Int) -> Int { min(columns, ByteCount.limit / 2_700) * 2_700 }

    /// Why the program (with `boundaries`, ``StageBoundaryRelaxation``'s) may
    /// not be built within `options.programMemoryLimit`, or nil when it may.
    func programTooLarge(_ options: SolveOptions, boundaries: Bool = false) -> String? {
        let columns = boundaries ? StageBoundaryRelaxation.columnCount(nodes: graph.count) : estimatedColumns
        let bytes = Self.estimatedBytes(columns: columns)
        guard bytes > options.programMemoryLimit else { return nil }
        return "the stage form's \(boundaries ? "boundary relaxation" : "program") would have about \(columns) columns and take about "
            + "\(ByteCount(bytes)), more than the \(ByteCount(options.programMemoryLimit)) allowed "
            + "(half this machine's memory by default); dtr and annealing need no program"
    }

    /// The formulation on `graph` within the budget, built once per cache.
    func formulation(relaxed: Bool, cache: SolveCache?) -> CheckmateFormulation {
        let make = { CheckmateFormulation(graph: graph, budget: budget, relaxed: relaxed) }
        let key = relaxed ? "formulation.relaxed" : "formulation"
        return cache?.value(key, for: graph, make: make).withBudget(budget) ?? make()
    }

    /// A session of `solver`, one per `purpose` and cache.
    func session(of solver: any LinearSolver, for purpose: String, cache: SolveCache?) -> any LinearSolverSession {
        cache?.value("session.\(purpose)", for: graph, make: solver.makeSession) ?? solver.makeSession()
    }

    /// The LP relaxation at `budget` (the problem's own by default), solved
    /// in the cache's session for that budget, so that LP rounding and the
    /// MILP's neighbourhood search in one solve solve it once, and a sweep
    /// re-solves it from the last basis; with `boundaries`, the smaller
    /// ``StageBoundaryRelaxation`` instead.
    func relaxation(
        at budget: Int? = nil, solver: any LinearSolver, options: SolveOptions, share: Double = 1, boundaries: Bool = false
    ) throws(LinearSolverError) -> (relaxation: any StageRelaxation, result: LinearSolution) {
        let budget = budget ?? self.budget
        let relaxation: any StageRelaxation = boundaries
            ? StageBoundaryRelaxation(graph: graph, budget: budget)
            : formulation(relaxed: true, cache: options.cache).withBudget(budget)
        let purpose = (boundaries ? "boundaries" : "relaxation") + (budget == self.budget ? "" : ".\(budget)")
        let session = session(of: solver, for: purpose, cache: options.cache)
        let parameters = parameters(options, share: share)
        let result = try session.solve(relaxation.program, start: nil, parameters: parameters)
        if let cache = options.cache, !boundaries {
            cache.set(Self.relaxationSecondsKey, for: graph, to: max(relaxationSeconds(cache: cache) ?? 0, result.seconds))
        }
        return (relaxation, result)
    }

    /// The longest that a relaxation on `graph` has taken in `cache`: the
    /// first solve, since later ones start from its basis. No MIP solve
    /// finishes its root node in less.
    func relaxationSeconds(cache: SolveCache?) -> Double? {
        cache?.value(Self.relaxationSecondsKey, for: graph)
    }

    private static let relaxationSecondsKey = "relaxation.seconds"

    /// The plan's schedule, when it replays within the budget.
    func candidate(_ plan: StagePlan) -> Candidate? {
        candidate(plan.schedule(for: graph), plan: plan)
    }

    /// A schedule in the caller's indices, renumbered, when it replays within the budget.
    func candidate(callerSchedule schedule: Schedule) -> Candidate? {
        candidate(Schedule(steps: schedule.steps.map { Self.renumber($0, position) }), plan: nil)
    }

    /// True when `graph` keeps the caller's node order.
    var keepsOrder: Bool { order.indices.allSatisfy { order[$0] == $0 } }

    func candidate(_ schedule: Schedule, plan: StagePlan?) -> Candidate? {
        guard let replay = try? graph.replay(schedule), replay.peakMemory <= budget else { return nil }
        return Candidate(plan: plan, schedule: schedule, replay: replay)
    }

    /// The cheaper of two candidates; ties keep `a`.
    static func cheaper(_ a: Candidate?, _ b: Candidate?) -> Candidate? {
        guard let a else { return b }
        guard let b else { return a }
        return b.replay.cost < a.replay.cost ? b : a
    }

    /// The cost of `bound`, proven on the caller's graph or (`renumbered`)
    /// on ``graph``, when it is for this problem's stage order; else -infinity.
    func bound(from bound: StageFormBound?, renumbered: Bool) -> Double {
        guard let bound else { return -.infinity }
        let order = renumbered ? bound.order.map { self.order[$0] } : bound.order
        return order == self.order ? bound.cost : -.infinity
    }

    /// True when `cost` meets `bound` to ``Solution/optimalityTolerance``
    /// and the candidate is of the stage form that the bound covers.
    static func isProven(_ candidate: Candidate, bound: Double) -> Bool {
        candidate.plan != nil && Solution.meets(candidate.replay.cost, bound: bound)
    }

    /// The candidate as a ``Solution`` on the caller's graph, with `stageFormBound`
    /// as the bound on the stage form in this problem's order.
    func solution(_ candidate: Candidate, strategy: String, stageFormBound: Double?) throws(StrategyError) -> Solution {
        let schedule = Schedule(steps: candidate.schedule.steps.map { Self.renumber($0, order) })
        return try Solution(
            graph: original, schedule: schedule, strategy: strategy, budget: budget,
            costLowerBound: costLowerBound, stageFormBound: stageFormBound.map { StageFormBound(cost: $0, order: order) },
            inStageForm: candidate.plan != nil, solveSeconds: elapsedSeconds)
    }

    /// A step of a schedule on ``graph`` in the caller's node indices.
    func callerStep(_ step: Schedule.Step) -> Schedule.Step {
        Self.renumber(step, order)
    }

    private static func renumber(_ step: Schedule.Step, _ map: [Int]) -> Schedule.Step {
        switch step {
        case .compute(let v): .compute(map[v])
        case .free(let v): .free(map[v])
        }
    }
}
