import Foundation

/// A way to find a schedule for a training graph within a memory budget.
///
/// Every strategy hands back a ``Solution``, whose numbers come from
/// replaying its schedule, or throws a ``StrategyError``; it never returns a
/// schedule that is invalid or over the budget.
///
///     let solution = try ChenGreedy(linearized: false).solve(graph, budget: 8 << 30)
///     print(solution.replay.peakMemory, solution.overhead(in: graph))
public protocol Strategy: Sendable {
    /// The name used on the command line and in schedule files (`chen-greedy`).
    var name: String { get }
    /// One line for `checkmate strategies`.
    var summary: String { get }
    /// The cheapest schedule this strategy finds whose peak is at most `budget` bytes.
    func solve(_ graph: TrainingGraph, budget: Int, options: SolveOptions) throws(StrategyError) -> Solution
}

extension Strategy {
    /// ``solve(_:budget:options:)`` with default options.
    public func solve(_ graph: TrainingGraph, budget: Int) throws(StrategyError) -> Solution {
        try solve(graph, budget: budget, options: SolveOptions())
    }
}

/// Settings a strategy may use; each ignores the ones it has no use for.
public struct SolveOptions: Sendable {
    /// Seconds a solver may run before it returns its best schedule so far.
    public var timeLimit: Double?
    /// The relative gap between cost and bound at which a solver may stop.
    public var relativeGap: Double
    /// Threads a solver may use (nil: its own default).
    public var threads: Int?
    /// The number of randomized roundings (LP rounding).
    public var samples: Int
    /// The seed of every random choice, so runs repeat.
    public var seed: UInt64
    /// Receives progress lines for long solves (the command line sends them to stderr).
    public var progress: (@Sendable (String) -> Void)?
    /// Work shared with other solves of the same graph (nil: none).
    public var cache: SolveCache?
    /// The most bytes that a linear program (the MILP's, LP rounding's) is
    /// estimated to take for it to be built and handed to the solver; a
    /// larger one is not built (default: half this machine's memory).
    public var programMemoryLimit: Int

    /// Half this machine's physical memory.
    public static var defaultProgramMemoryLimit: Int { Int(clamping: ProcessInfo.processInfo.physicalMemory / 2) }

    public init(
        timeLimit: Double? = nil, relativeGap: Double = SolverParameters.defaultRelativeGap, threads: Int? = nil,
        samples: Int = 32, seed: UInt64 = 1, progress: (@Sendable (String) -> Void)? = nil,
        cache: SolveCache? = nil, programMemoryLimit: Int = SolveOptions.defaultProgramMemoryLimit
    ) {
        self.timeLimit = timeLimit
        self.relativeGap = relativeGap
        self.threads = threads
        self.samples = samples
        self.seed = seed
        self.progress = progress
        self.cache = cache
        self.programMemoryLimit = programMemoryLimit
    }
}
