import Checkmate
import CheckmateHiGHS

/// Every strategy the command line offers, by name: the `Baselines` (Rotor among them), the search and
/// Checkmate's MILP and LP rounding on HiGHS.
///
///     let milp = StrategyCatalog.strategy(named: "milp")!
///     let solution = try milp.solve(graph, budget: 16 << 30, options: SolveOptions(timeLimit: 60))
public enum StrategyCatalog {
    /// All strategies, in the order `checkmate strategies` lists them.
    public static let all: [any Strategy] = baselines + searches + solvers

    /// The strategies that need no solver (`Baselines/all`).
    public static let baselines: [any Strategy] = Baselines.all

    /// Searches over schedules themselves, in any order of first computations: no solver needed.
    public static let searches: [any Strategy] = [annealing]

    /// Simulated annealing over the schedule, started from dtr and rotor; the MILP's search outside the stage form.
    public static let annealing = ScheduleAnnealing()

    /// Checkmate's optimal and approximate strategies, on HiGHS.
    public static let solvers: [any Strategy] = [milp, lpRounding]

    /// Checkmate's MILP on HiGHS, warm-started with the baselines, the search and LP rounding.
    public static let milp = MILPStrategy(solver: HiGHSSolver(), warmStarts: baselines + searches, rounding: lpRounding)

    /// Two-phase LP rounding on HiGHS; its `LPRounding/lowerBound(_:budget:options:)` is `checkmate bound`'s.
    public static let lpRounding = LPRounding(solver: HiGHSSolver(), repair: ScheduleAnnealing(starts: []))

    /// The names of the strategies that sweeps and reports compare unless
    /// told otherwise: the solvers, dynamic rematerialization, Rotor and the paper's baselines.
    public static let comparedByDefault = [
        "milp", "lp-rounding", "dtr", "rotor", "chen-greedy", "chen-sqrtn", "griewank", "checkpoint-all",
    ]

    /// The strategy called `name`, if there is one.
    public static func strategy(named name: String) -> (any Strategy)? {
        all.first { $0.name == name }
    }
}
