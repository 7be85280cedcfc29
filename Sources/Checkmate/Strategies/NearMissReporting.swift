/// A strategy that, when nothing it tries fits, hands back its schedule with
/// the lowest peak, for a search to repair: ``ScheduleAnnealing``'s
/// feasibility phase starts from the lowest peak it is given.
///
///     if case .nearMiss(let schedule, let peak) = try Rotor().attempt(graph, budget: budget, options: options) { ... }
public protocol NearMissReporting: Strategy {
    /// The solution ``Strategy/solve(_:budget:options:)`` returns, or the
    /// nearest miss where it would find nothing that fits.
    func attempt(_ graph: TrainingGraph, budget: Int, options: SolveOptions) throws(StrategyError) -> Attempt
}
