extension StageProblem {
    /// The share of the time left that the ``MomentRelaxation`` may take.
    static let momentShare = 0.2
    /// Seconds it may take without a time limit.
    static let momentSecondsWithoutLimit = 30.0

    /// Raises ``costLowerBound`` to what a ``MomentRelaxation`` of the
    /// caller's graph proves in rounds
    /// (``MomentRelaxation/bound(on:budget:seconds:solver:options:report:)``)
    /// within ``momentShare`` of the time left (or
    /// ``momentSecondsWithoutLimit``): a bound over every schedule that counts
    /// repeated recomputation, so that a search meeting it stops, proven
    /// optimal. Nothing changes where the relaxation is not built
    /// (``MomentRelaxation/reasonNotBuilt(on:budget:path:options:)``), where
    /// the solver fails, or where it proves nothing above the bound in the time.
    ///
    /// - Throws: ``StrategyError/infeasible(budget:reason:)`` where the
    ///   solver proves that the relaxation has no point, so that no schedule fits.
    mutating func raiseCostLowerBound(solver: any LinearSolver, options: SolveOptions) throws(StrategyError) {
        let report = options.progress ?? { _ in }
        let seconds = secondsLeft(options, share: Self.momentShare) ?? Self.momentSecondsWithoutLimit
        let outcome: MomentRelaxation.RoundsOutcome
        do {
            outcome = try MomentRelaxation.bound(
                on: original, budget: budget, seconds: seconds, solver: solver, options: options
            ) { report("milp: \($0)") }
        } catch {
            if case .infeasible = error { throw error }
            return report("milp: the moment relaxation failed: \(error)")
        }
        momentSchedule = outcome.schedule
        if let reason = outcome.notBuilt {
            return report("milp: no moment relaxation: \(reason)")
        }
        let what = "the moment relaxation (\(outcome.moments) of \(outcome.pathCount) moments, "
            + "\(outcome.rounds) round\(outcome.rounds == 1 ? "" : "s"), \(outcome.seconds.compactDescription) s)"
        guard let bound = outcome.bound, bound > costLowerBound else {
            return report("milp: \(what) raised no bound over all schedules")
        }
        report("milp: \(what) bounds every schedule at \(bound.compactDescription) (\(outcome.proof { $0.compactDescription })), "
            + "above the knapsack's \(costLowerBound.compactDescription)")
        costLowerBound = bound
    }
}
