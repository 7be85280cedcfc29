import Checkmate

/// A strategy that solves a list of budgets more cheaply together than one
/// at a time: for example by re-solving one model with a new budget bound,
/// starting each solve from the schedule of the budget below it (which
/// still fits the higher budget).
///
/// A sweep hands a strategy all its budgets at once through
/// ``Checkmate/Strategy/solveEach(_:budgets:options:report:)``; strategies
/// that do not conform are solved one budget at a time.
///
///     extension MyStrategy: BudgetSweepable {
///         func solve(_ graph: TrainingGraph, budgets: [Int], options: SolveOptions,
///                    report: (Int, Result<Solution, StrategyError>) -> Void) { ... }
///     }
public protocol BudgetSweepable: Strategy {
    /// Solves at each of `budgets` (ascending), calling `report` once per
    /// budget, in that order, as soon as that budget is done. Each result is
    /// what ``Checkmate/Strategy/solve(_:budget:options:)`` would return for that budget.
    func solve(
        _ graph: TrainingGraph, budgets: [Int], options: SolveOptions,
        report: (_ budget: Int, _ result: Result<Solution, StrategyError>) -> Void)
}

extension BudgetSweepable {
    /// One ``Checkmate/Strategy/solve(_:budget:options:)`` per budget.
    public func solve(
        _ graph: TrainingGraph, budgets: [Int], options: SolveOptions,
        report: (_ budget: Int, _ result: Result<Solution, StrategyError>) -> Void
    ) {
        solveOneByOne(graph, budgets: budgets, options: options, report: report)
    }
}

extension Strategy {
    /// Solves at each of `budgets` (ascending), through the strategy's
    /// ``BudgetSweepable`` sweep when it has one, else one budget at a time;
    /// `report` gets each budget's result in order, as soon as it is done.
    public func solveEach(
        _ graph: TrainingGraph, budgets: [Int], options: SolveOptions,
        report: (_ budget: Int, _ result: Result<Solution, StrategyError>) -> Void
    ) {
        if let sweepable = self as? any BudgetSweepable {
            sweepable.solve(graph, budgets: budgets, options: options, report: report)
        } else {
            solveOneByOne(graph, budgets: budgets, options: options, report: report)
        }
    }

    func solveOneByOne(
        _ graph: TrainingGraph, budgets: [Int], options: SolveOptions,
        report: (_ budget: Int, _ result: Result<Solution, StrategyError>) -> Void
    ) {
        for budget in budgets {
            report(budget, Result { () throws(StrategyError) in try solve(graph, budget: budget, options: options) })
        }
    }
}
