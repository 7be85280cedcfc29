extension MILPStrategy {
    /// The shares of the time left for the relaxation that guides the
    /// neighbourhood search (usually solved already, by LP rounding), and
    /// then for searching the neighbourhood, before the full solve.
    static let neighbourhoodShares = (relaxation: 0.125, search: 0.5)

    /// A cheaper candidate near `start`, by relaxation-induced neighbourhood
    /// search (RINS; Danna, Rothberg and Le Pape, "Exploring relaxation
    /// induced neighborhoods to improve MIP solutions", Mathematical
    /// Programming, 2005): every binary on which the LP relaxation agrees
    /// with `start` is fixed, and the much smaller MILP over the rest is
    /// solved for a share of the time left (``neighbourhoodShares``). Nil when
    /// that finds nothing cheaper.
    func neighbourhood(
        of start: StageProblem.Candidate, point: [Double], formulation: CheckmateFormulation,
        problem: StageProblem, options: SolveOptions
    ) -> StageProblem.Candidate? {
        let shares = Self.neighbourhoodShares
        guard let lp = try? problem.relaxation(solver: solver, options: options, share: shares.relaxation).result,
              lp.status == .optimal, let values = lp.values
        else { return nil }
        var neighbourhood = formulation.program
        var fixed = 0
        for column in 0..<neighbourhood.columnCount
        where neighbourhood.isInteger[column] && abs(values[column] - point[column]) < 1e-6 {
            neighbourhood.setBounds(column: column, lower: point[column], upper: point[column])
            fixed += 1
        }
        guard let found = try? solver.solve(neighbourhood, start: point, parameters: problem.parameters(options, share: shares.search)),
              let x = found.values, let candidate = problem.candidate(formulation.plan(from: x)),
              candidate.replay.cost < start.replay.cost
        else { return nil }
        options.progress?("milp: the neighbourhood of the start (\(fixed) of its binaries fixed where the LP agrees) "
            + "lowered its cost from \(start.replay.cost.compactDescription) to \(candidate.replay.cost.compactDescription)")
        return candidate
    }
}
