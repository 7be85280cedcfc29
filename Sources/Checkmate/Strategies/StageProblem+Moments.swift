extension StageProblem {
    /// The share of the time left that the ``MomentRelaxation`` may take.
    static let momentShare = 0.2
    /// Seconds it may take without a time limit.
    static let momentSecondsWithoutLimit = 30.0

    /// Raises ``costLowerBound`` to what a ``MomentRelaxation`` of the
    /// caller's graph, on as many moments as the time allows
    /// (``MomentRelaxation/path(in:seconds:)``), proves within ``momentShare`` of the time left (or
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
        var parameters = parameters(options, share: Self.momentShare)
        let seconds = parameters.timeLimit ?? Self.momentSecondsWithoutLimit
        parameters.timeLimit = seconds
        let path = MomentRelaxation.path(in: original, budget: budget, seconds: seconds)
        if let reason = MomentRelaxation.reasonNotBuilt(on: original, budget: budget, path: path, options: options) {
            return report("milp: no moment relaxation: \(reason)")
        }
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
