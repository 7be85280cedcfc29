/// A backend that solves a ``LinearProgram``: the one place a strategy meets
/// an external solver.
///
/// The formulation and the strategies only speak this protocol, so another
/// backend can be added without touching them. A backend minimises, honours
/// integrality unless the program has none, starts from `start` when it is
/// given and feasible, and stops at `parameters.timeLimit` with its best
/// point so far.
///
///     let solution = try solver.solve(program, start: nil, parameters: SolverParameters(timeLimit: 60))
///     if solution.status == .optimal { print(solution.objective!) }
public protocol LinearSolver: Sendable {
    /// The backend's name and version, for reports (`HiGHS 1.16.0`).
    var name: String { get }
    /// Solves `program`, starting from `start` (one value per column) when given.
    ///
    /// - Throws: ``LinearSolverError`` when the backend rejects the program or fails;
    ///   an infeasible program or a time-out is a ``LinearSolution/Status``, not an error.
    func solve(
        _ program: LinearProgram, start: [Double]?, parameters: SolverParameters
    ) throws(LinearSolverError) -> LinearSolution

    /// A session that solves one program at several bounds, keeping what it
    /// can between solves (default: nothing).
    func makeSession() -> any LinearSolverSession
}

/// Limits and reporting for one solve.
public struct SolverParameters: Sendable {
    /// Seconds the solver may run (nil: no limit).
    public var timeLimit: Double?
    /// The relative gap between the best point and the bound at which a MIP solve stops.
    public var relativeGap: Double
    /// The relative gap of a solve that is not told otherwise (HiGHS's own default too).
    public static let defaultRelativeGap = 1e-4
    /// Threads the solver may use (nil: its own default).
    public var threads: Int?
    /// Receives the solver's progress now and then during a long solve.
    public var progress: (@Sendable (SolverProgress) -> Void)?

    public init(
        timeLimit: Double? = nil, relativeGap: Double = defaultRelativeGap, threads: Int? = nil,
        progress: (@Sendable (SolverProgress) -> Void)? = nil
    ) {
        self.timeLimit = timeLimit
        self.relativeGap = relativeGap
        self.threads = threads
        self.progress = progress
    }
}

/// A snapshot of a running solve.
public struct SolverProgress: Hashable, Sendable {
    /// Seconds since the solve started.
    public var seconds: Double
    /// The objective of the best point found so far, if any.
    public var objective: Double?
    /// The best proven lower bound so far, if any.
    public var dualBound: Double?
    /// True when the snapshot reports a new best point.
    public var isImprovement: Bool

    public init(seconds: Double, objective: Double?, dualBound: Double?, isImprovement: Bool) {
        self.seconds = seconds
        self.objective = objective
        self.dualBound = dualBound
        self.isImprovement = isImprovement
    }
}

/// What a solve gave: how it ended, its best point and its proven bound.
///
/// Invariant: `values` and `objective` are both present or both nil, and
/// `values` has one entry per column of the program solved.
public struct LinearSolution: Hashable, Sendable {
    /// How a solve ended.
    public enum Status: Hashable, Sendable {
        /// Proven optimal within the requested gap.
        case optimal
        /// The time limit stopped the solve; `values` holds the best point, if any.
        case timeLimit
        /// No point satisfies the program.
        case infeasible
        /// The objective has no lower bound.
        case unbounded
        /// Anything else the backend reported, in its words.
        case other(String)
    }

    public var status: Status
    /// The best point found, one value per column.
    public var values: [Double]?
    /// The objective at `values`.
    public var objective: Double?
    /// The best proven lower bound on the optimum (for an optimal LP, its objective).
    public var dualBound: Double?
    /// An LP's row duals where the solve ended, optimal or not (see
    /// ``LinearProgram/lagrangianBound(rowDuals:)``); nil for a MILP.
    public var rowDuals: [Double]?
    /// Seconds the backend ran.
    public var seconds: Double

    public init(
        status: Status, values: [Double]?, objective: Double?, dualBound: Double?, rowDuals: [Double]? = nil,
        seconds: Double
    ) {
        self.status = status
        self.values = values
        self.objective = objective
        self.dualBound = dualBound
        self.rowDuals = rowDuals
        self.seconds = seconds
    }
}

/// A backend failure: the program was rejected or the solver broke down.
public struct LinearSolverError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
