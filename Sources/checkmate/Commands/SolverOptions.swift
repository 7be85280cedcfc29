import ArgumentParser
import Checkmate

/// The options of the solver strategies (`milp`, `lp-rounding`), shared by
/// `solve`, `bound` and `benchmark solvers`; the baselines ignore them.
struct SolverOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Seconds a solver may run; on a time-out the MILP returns its best schedule and the gap (default: no limit).",
        valueName: "seconds"))
    var timeLimit: Double?

    @Option(help: ArgumentHelp("The relative gap between cost and bound at which the MILP stops.", valueName: "fraction"))
    var gap = 1e-4

    @Option(help: ArgumentHelp("Threads the solver may use (default: its own choice).", valueName: "count"))
    var threads: Int?

    @Option(help: ArgumentHelp("Randomized roundings tried by lp-rounding.", valueName: "count"))
    var samples = 32

    @Option(help: ArgumentHelp("Seed of the randomized roundings.", valueName: "seed"))
    var seed: UInt64 = 1

    func validate() throws {
        if let timeLimit, !(timeLimit.isFinite && timeLimit >= 0) {
            throw ValidationError("--time-limit must be a non-negative number of seconds")
        }
        guard gap.isFinite, gap >= 0, gap < 1 else { throw ValidationError("--gap must be at least 0 and below 1") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        guard samples >= 0 else { throw ValidationError("--samples must not be negative") }
    }

    /// These options, with progress lines going to stderr.
    var solveOptions: SolveOptions {
        SolveOptions(
            timeLimit: timeLimit, relativeGap: gap, threads: threads, samples: samples, seed: seed,
            progress: { Terminal.note($0) })
    }
}
