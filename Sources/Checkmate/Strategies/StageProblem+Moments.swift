extension StageProblem {
    /// The share of the time left that the ``MomentRelaxation`` may take.
    static let momentShare = 0.2
    /// Seconds it may take without a time limit.
    static let momentSecondsWithoutLimit = 30.0
    /// Columns, by ``MomentRelaxation/columnBound(of:path:)``, that HiGHS
    /// takes about a second over before its bound rises above the knapsack's.
    /// On the onnx wheel's models (batch 32, 1.1x), given 10 s: Inception
    /// v1's 37,310 raised it, ShuffleNet's 96,100 barely, ResNet50's 120,384
    /// not at all (in 100 s, by 2%). Given less time than its columns need
    /// at this rate, the relaxation is skipped and the time left to the search.
    static let momentColumnsPerSecond = 5_000.0

    /// Raises ``costLowerBound`` to what a ``MomentRelaxation`` of the
    /// caller's graph proves within ``momentShare`` of the time left (or
    /// ``momentSecondsWithoutLimit``): a bound over every schedule that counts
    /// repeated recomputation, so that a search meeting it stops, proven
    /// optimal. Nothing changes where the relaxation is not built
    /// (``MomentRelaxation/reasonNotBuilt(on:budget:path:options:)``) or where
    /// the solver proves nothing above the bound in the time.
    ///
    /// - Throws: ``StrategyError/infeasible(budget:reason:)`` where the
    ///   solver proves that the relaxation has no point, so that no schedule fits.
    mutating func raiseCostLowerBound(solver: any LinearSolver, options: SolveOptions) throws(StrategyError) {
        let report = options.progress ?? { _ in }
        let path = MomentRelaxation.defaultPath(in: original)
        if let reason = MomentRelaxation.reasonNotBuilt(on: original, budget: budget, path: path, options: options) {
            return report("milp: no moment relaxation: \(reason)")
        }
        var parameters = parameters(options, share: Self.momentShare)
        let seconds = parameters.timeLimit ?? Self.momentSecondsWithoutLimit
        let needed = Double(MomentRelaxation.columnBound(of: original, path: path)) / Self.momentColumnsPerSecond
        guard seconds >= needed else {
            return report("milp: no moment relaxation: its program needs about \(needed.compactDescription) s "
                + "to raise the bound, and gets \(seconds.compactDescription) s")
        }
        parameters.timeLimit = seconds
        let began = ContinuousClock.now
        let moments = MomentRelaxation(graph: original, budget: budget, path: path)
        let result = try? solver.solve(moments.program, start: nil, parameters: parameters)
        let took = (ContinuousClock.now - began) / .seconds(1)
        let what = "the moment relaxation (\(moments.path.count) moments, \(moments.program.columnCount) columns)"
        if result?.status == .infeasible {
            throw .infeasible(budget: budget, reason: MomentRelaxation.infeasibleReason)
        }
        guard let result, let bound = moments.costLowerBound(from: result), bound > costLowerBound else {
            report("milp: \(what) raised no bound over all schedules in \(took.compactDescription) s")
            return
        }
        report("milp: \(what) bounds every schedule at \(bound.compactDescription) "
            + "(\(result.status == .optimal ? "its optimum" : "the solver's bound at the time limit"), "
            + "\(took.compactDescription) s), above the knapsack's \(costLowerBound.compactDescription)")
        costLowerBound = bound
    }
}
