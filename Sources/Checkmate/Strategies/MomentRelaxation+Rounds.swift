extension MomentRelaxation {
    /// Seconds of one round: the solver's cuts at the root, which give the
    /// bound, stall after about this long (on ResNet50 at 1.1x, batch 32,
    /// one in four moments reach 855.4 GFLOP in 6.4 s and 855.7 in 51 s).
    public static let roundSeconds = 6.0

    /// What solving the relaxation in rounds proved: the largest bound of
    /// any round, over all schedules.
    public struct RoundsOutcome: Sendable {
        /// The bound, nil when no round proved one.
        public var bound: Double?
        /// Whether the round that gave ``bound`` solved its program.
        public var isOptimal = false
        /// The cost of the best point the solver found in the round that gave
        /// ``bound``: that round's optimum lies between the two, so no more
        /// time on its program can raise the bound above it (a schedule's
        /// cost above it is the relaxation's gap, not the solver's).
        public var bestPoint: Double?
        /// Moments of the round that gave ``bound`` (of the last round when none did).
        public var moments = 0
        /// Moments of the whole path.
        public var pathCount = 0
        /// Why the relaxation was not built (no rounds then).
        public var notBuilt: String?
        /// Rounds solved.
        public var rounds = 0
        /// How the last round's solve ended (nil before any).
        public var lastStatus: LinearSolution.Status?
        /// Seconds the rounds took.
        public var seconds = 0.0
        /// The cheapest of the rounds' best points read as schedules
        /// (``MomentRelaxation/sequences(from:)``) that fit the budget, replayed.
        public var schedule: Schedule?

        /// How ``bound`` was proven, in words, with the best point's cost written by `cost`.
        public func proof(cost: (Double) -> String) -> String {
            guard !isOptimal else { return "its optimum" }
            return "the solver's bound, stopped at the time limit" + (bestPoint.map { ", its best point \(cost($0))" } ?? "")
        }
    }

    /// The moments of each round of a solve of `seconds` within `budget`:
    /// about one round per ``roundSeconds``, the first thinning
    /// ``defaultPath(in:budget:)`` to about its share × ``columnsPerSecond``
    /// columns, each next one a stride coarser, since which moments are kept
    /// moves the bound more than how many; all in step with the node where
    /// the knapsack bound is taken, and no two the same.
    ///
    /// - Complexity: that of ``defaultPath(in:budget:)``, plus O(*L*) per round.
    public static func roundPaths(in graph: TrainingGraph, budget: Int, seconds: Double) -> [[Int]] {
        let (path, worst) = defaultPathAndWorst(in: graph, budget: budget)
        return rounds(of: path, kept: worst, in: graph, seconds: seconds)
    }

    private static func rounds(of path: [Int], kept: Int, in graph: TrainingGraph, seconds: Double) -> [[Int]] {
        guard !path.isEmpty else { return [path] }
        let count = max(1, Int(seconds / roundSeconds))
        let first = stride(of: graph, path: path, seconds: seconds / Double(count))
        var paths: [[Int]] = []
        for stride in first..<(first + count) where stride <= path.count {
            paths.append(thinned(path, stride: stride, kept: kept))
            if stride == path.count { break }
        }
        return paths
    }

    /// Solves the relaxation on each of ``roundPaths(in:budget:seconds:)``
    /// with an equal share of `seconds`, until one is solved, and keeps the
    /// largest bound; none, with the reason, where it is not built
    /// (``reasonNotBuilt(on:budget:path:options:)``).
    ///
    /// - Throws: ``StrategyError/infeasible(budget:reason:)`` where a round
    ///   has no point, so that no schedule fits; the solver's failure as
    ///   ``StrategyError/solverFailure(_:)``.
    public static func bound(
        on graph: TrainingGraph, budget: Int, seconds: Double, solver: any LinearSolver,
        options: SolveOptions, report: (String) -> Void
    ) throws(StrategyError) -> RoundsOutcome {
        let (path, worst) = defaultPathAndWorst(in: graph, budget: budget)
        let paths = rounds(of: path, kept: worst, in: graph, seconds: seconds)
        var outcome = RoundsOutcome(pathCount: path.count)
        if let reason = reasonNotBuilt(on: graph, budget: budget, path: paths[0], options: options) {
            outcome.notBuilt = reason
            return outcome
        }
        let began = ContinuousClock.now
        var scheduleCost = Double.infinity
        for (round, path) in paths.enumerated() {
            let left = seconds - (ContinuousClock.now - began) / .seconds(1)
            guard round == 0 || left > 0.5 else { break }
            let share = max(left, 0) / Double(paths.count - round)
            let moments = MomentRelaxation(graph: graph, budget: budget, path: path)
            report("the moment relaxation, round \(round + 1) of \(paths.count): \(path.count) of "
                + "\(outcome.pathCount) moments, \(moments.program.columnCount) columns, up to \(share.compactDescription) s")
            let result: LinearSolution
            do {
                result = try solver.solve(moments.program, start: nil, parameters: SolverParameters(
                    timeLimit: share, relativeGap: options.relativeGap, threads: options.threads))
            } catch {
                throw .solverFailure(error.message)
            }
            if result.status == .infeasible { throw .infeasible(budget: budget, reason: infeasibleReason) }
            (outcome.rounds, outcome.lastStatus) = (round + 1, result.status)
            for sequence in result.values.map(moments.sequences(from:)) ?? [] {
                let schedule = sequence.schedule(for: graph)
                if let replay = try? graph.replay(schedule), replay.peakMemory <= budget, replay.cost < scheduleCost {
                    (outcome.schedule, scheduleCost) = (schedule, replay.cost)
                }
            }
            if let bound = moments.costLowerBound(from: result), bound > outcome.bound ?? -.infinity {
                (outcome.bound, outcome.isOptimal, outcome.moments) = (bound, result.status == .optimal, path.count)
                outcome.bestPoint = result.objective.map { $0 * moments.costScale }
            } else if outcome.bound == nil {
                outcome.moments = path.count
            }
            if result.status == .optimal { break }
        }
        outcome.seconds = (ContinuousClock.now - began) / .seconds(1)
        return outcome
    }
}
