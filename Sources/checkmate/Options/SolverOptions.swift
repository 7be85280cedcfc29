import ArgumentParser
import Checkmate

/// The options of the solver strategies (`milp`, `lp-rounding`, and `dtr`'s
/// time limit), shared by every command that solves; the other baselines
/// ignore them.
struct SolverOptions: ParsableArguments {
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Seconds a solver may run per solve, from 0 to a year; on a time-out the MILP returns its best schedule and "
                + "the gap (default: no limit for solve, bound and run; \(Int(Self.batchTimeLimit)) s for commands that run many solves).",
            valueName: "seconds"),
        transform: OptionValue.seconds)
    var timeLimit: Double?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("The relative gap between cost and bound at which the MILP stops, from 0 to below 1.", valueName: "fraction"),
        transform: OptionValue.gap)
    var gap = SolverParameters.defaultRelativeGap

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Threads the solver may use, from 1 to \(OptionValue.threadLimit); more than this machine's cores are capped "
                + "to the cores (default: the solver's own choice).",
            valueName: "count"),
        transform: { try OptionValue.count($0, option: "--threads", in: 1...OptionValue.threadLimit) })
    var threads: Int?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("Randomized roundings tried by lp-rounding, from 0 to 1000000.", valueName: "count"),
        transform: { try OptionValue.count($0, option: "--samples", in: 0...1_000_000) })
    var samples = 32

    @Option(parsing: .unconditional, help: ArgumentHelp("Seed of the randomized roundings.", valueName: "seed"))
    var seed: UInt64 = 1

    /// The default time limit per solve of the commands that run many solves
    /// (`sweep`, `report`, `max-batch`, `benchmark max-batch`).
    static let batchTimeLimit = 30.0

    /// Without `--time-limit`, says on stderr how long the stage form's LP
    /// may take on `graph` when that is over a minute, and how to bound it:
    /// `doing` is what runs until the LP is done.
    func noteUnboundedLP(on graph: TrainingGraph, doing: String, bounded: String) {
        let seconds = MILPStrategy.estimatedRelaxationSeconds(on: graph)
        guard timeLimit == nil, seconds > 60 else { return }
        let about = seconds < 7200 ? "\(Int(seconds / 60)) minutes" : "\(Int(min(seconds, 1e9) / 3600)) hours"
        Terminal.note("no --time-limit: the stage form's LP alone may take about \(about) on \(graph.count) nodes, "
            + "and \(doing) runs until it is done; --time-limit SECONDS \(bounded)")
    }

    /// These options, with progress lines going to stderr; `defaultTimeLimit`
    /// applies when `--time-limit` is not given.
    func solveOptions(defaultTimeLimit: Double? = nil) -> SolveOptions {
        SolveOptions(
            timeLimit: timeLimit ?? defaultTimeLimit, relativeGap: gap, threads: threads.map(Machine.cappedThreads),
            samples: samples, seed: seed, progress: { Terminal.note($0) })
    }

    /// These options for `workers` solves side by side (`sweep`, `report`):
    /// the batch time limit by default, the cores shared among the workers,
    /// and no progress lines of their own (the command's monitor reports).
    func solveOptions(forWorkers workers: Int) -> SolveOptions {
        var options = solveOptions(defaultTimeLimit: Self.batchTimeLimit)
        options.threads = options.threads ?? max(1, Machine.cores / workers)
        options.progress = nil
        return options
    }
}
