import CHiGHS
import Checkmate
import Foundation

/// A `LinearSolver` backed by HiGHS (Huangfu and Hall; MIT licence)
/// through its C API: dual simplex for LPs, branch and cut for MILPs.
///
/// Each solve runs in a `HiGHSSession`: on a thread of its own, with a
/// `Monitor` on HiGHS's callbacks that reports progress and stops the
/// solve at the time limit.
///
/// Invariant: no HiGHS instance outlives the solve or session that made it,
/// except one still running well past its time limit, which its thread
/// frees when HiGHS stops.
///
///     let solution = try HiGHSSolver().solve(program, start: nil, parameters: SolverParameters(timeLimit: 60))
public struct HiGHSSolver: LinearSolver {
    public init() {}

    public var name: String { "HiGHS \(String(cString: Highs_version()))" }

    public func solve(
        _ program: LinearProgram, start: [Double]?, parameters: SolverParameters
    ) throws(LinearSolverError) -> LinearSolution {
        try HiGHSSession().solve(program, start: start, parameters: parameters)
    }

    /// A session on one HiGHS instance: later solves change only the bounds
    /// that differ, and an LP re-solve starts from the last basis.
    public func makeSession() -> any LinearSolverSession {
        HiGHSSession()
    }
}
