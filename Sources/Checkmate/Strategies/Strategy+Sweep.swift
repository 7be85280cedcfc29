extension Strategy {
    /// Solves at each of `budgets` in turn (ascending is best: each
    /// schedule fits every larger budget and can start its solve), sharing
    /// one ``SolveCache`` between the solves; `report` gets each budget's
    /// result, in order, as soon as it is done. Each result is what
    /// ``solve(_:budget:options:)`` may return for that budget.
    public func solveEach(
        _ graph: TrainingGraph, budgets: [Int], options: SolveOptions,
        report: (_ budget: Int, _ result: Result<Solution, StrategyError>) -> Void
    ) {
        var options = options
        if options.cache == nil { options.cache = SolveCache() }
        for budget in budgets {
            report(budget, Result { () throws(StrategyError) in try solve(graph, budget: budget, options: options) })
        }
    }
}
