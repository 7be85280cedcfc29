extension LinearProgram {
    /// The Lagrangian bound of any row duals `y`: a lower bound on the
    /// optimum of the program's relaxation, so on every feasible point,
    /// whether or not `y` is optimal or even dual feasible.
    ///
    /// Weak duality: for every `x` within the rows and bounds,
    /// `c·x >= sum_i y_i b_i + sum_j min over [l_j, u_j] of (c - Aᵀy)_j x_j`,
    /// where `b_i` is the row's lower side when `y_i > 0` and its upper side
    /// when `y_i < 0`. A dual whose side is infinite is taken as 0; the bound
    /// is `-infinity` when a reduced cost faces an infinite column bound.
    /// At an LP's optimal duals it equals the LP's optimum.
    ///
    ///     let bound = program.lagrangianBound(rowDuals: solution.rowDuals!)
    public func lagrangianBound(rowDuals y: [Double]) -> Double {
        precondition(y.count == rowCount, "the duals need one value per row")
        var reduced = objective
        var bound = objectiveOffset
        for row in 0..<rowCount {
            let side = y[row] > 0 ? rowLower[row] : rowUpper[row]
            guard y[row] != 0, side.isFinite else { continue }
            bound += y[row] * side
            for entry in rowStarts[row]..<rowStarts[row + 1] {
                reduced[rowColumns[entry]] -= y[row] * rowCoefficients[entry]
            }
        }
        for column in 0..<columnCount where reduced[column] != 0 {
            bound += reduced[column] * (reduced[column] > 0 ? lower[column] : upper[column])
        }
        return bound.isNaN ? -.infinity : bound
    }
}
