/// One program kept loaded in a backend across solves that change only its
/// bounds, such as one formulation at each budget of a sweep.
///
/// A backend that can keeps its model between solves and pushes only the
/// bounds that changed, so an LP re-solve starts from the last basis. A
/// program whose structure differs from the loaded one (see
/// ``LinearProgram/hasSameStructure(as:)``) is loaded afresh, so every
/// solve's result is the same as ``LinearSolver/solve(_:start:parameters:)``'s
/// on that program up to ties among optima.
///
///     let session = solver.makeSession()
///     for budget in budgets {
///         let program = formulation.withBudget(budget).program
///         let solution = try session.solve(program, start: nil, parameters: SolverParameters())
///     }
public protocol LinearSolverSession: AnyObject, Sendable {
    /// Solves `program`, reusing what the backend kept from this session's last solve.
    func solve(
        _ program: LinearProgram, start: [Double]?, parameters: SolverParameters
    ) throws(LinearSolverError) -> LinearSolution
}

extension LinearSolver {
    /// A session that keeps nothing: each solve loads its program afresh.
    public func makeSession() -> any LinearSolverSession {
        StatelessSession(solver: self)
    }
}

/// The session of a backend that cannot keep a model.
final class StatelessSession: LinearSolverSession {
    let solver: any LinearSolver

    init(solver: any LinearSolver) {
        self.solver = solver
    }

    func solve(
        _ program: LinearProgram, start: [Double]?, parameters: SolverParameters
    ) throws(LinearSolverError) -> LinearSolution {
        try solver.solve(program, start: start, parameters: parameters)
    }
}
