/// A linear or mixed-integer program in sparse row form, the input of every
/// ``LinearSolver``.
///
/// Minimise `objective · x + objectiveOffset` subject to
/// `rowLower <= A x <= rowUpper` and `lower <= x <= upper`, with `x[j]`
/// whole wherever `isInteger[j]`. Bounds may be infinite.
///
/// Invariant: every per-column array has `columnCount` entries, every per-row
/// array `rowCount`, and `rowStarts` (compressed sparse rows) has
/// `rowCount + 1`, ascending from 0 to `nonzeroCount`; each row names a
/// column at most once.
///
///     var program = LinearProgram()
///     let x = program.addColumn(cost: 1, upper: 1, isInteger: true)
///     let y = program.addColumn(cost: 2, upper: 1, isInteger: true)
///     program.addRow([(x, 1), (y, 1)], lower: 1)   // x + y >= 1
public struct LinearProgram: Hashable, Sendable {
    public private(set) var objective: [Double] = []
    public private(set) var lower: [Double] = []
    public private(set) var upper: [Double] = []
    public private(set) var isInteger: [Bool] = []
    /// A constant added to the objective.
    public var objectiveOffset: Double = 0
    /// Where each row's entries start in `rowColumns` and `rowCoefficients`, plus the end.
    public private(set) var rowStarts: [Int] = [0]
    public private(set) var rowColumns: [Int] = []
    public private(set) var rowCoefficients: [Double] = []
    public private(set) var rowLower: [Double] = []
    public private(set) var rowUpper: [Double] = []

    public init() {}

    public var columnCount: Int { objective.count }
    public var rowCount: Int { rowLower.count }
    public var nonzeroCount: Int { rowColumns.count }
    /// True when some column must take a whole value.
    public var hasIntegers: Bool { isInteger.contains(true) }

    /// Adds a column and returns its index.
    @discardableResult
    public mutating func addColumn(
        cost: Double = 0, lower: Double = 0, upper: Double = .infinity, isInteger: Bool = false
    ) -> Int {
        objective.append(cost)
        self.lower.append(lower)
        self.upper.append(upper)
        self.isInteger.append(isInteger)
        return objective.count - 1
    }

    /// Adds the row `lower <= sum(coefficient * x[column]) <= upper`, dropping zero coefficients.
    public mutating func addRow(
        _ terms: [(column: Int, coefficient: Double)],
        lower: Double = -.infinity, upper: Double = .infinity
    ) {
        for term in terms where term.coefficient != 0 {
            precondition(term.column >= 0 && term.column < columnCount, "row names column \(term.column), which does not exist")
            rowColumns.append(term.column)
            rowCoefficients.append(term.coefficient)
        }
        rowStarts.append(rowColumns.count)
        rowLower.append(lower)
        rowUpper.append(upper)
    }

    /// Sets the bounds of `column`.
    public mutating func setBounds(column: Int, lower: Double, upper: Double) {
        self.lower[column] = lower
        self.upper[column] = upper
    }

    /// Sets the bounds of `row`.
    public mutating func setBounds(row: Int, lower: Double, upper: Double) {
        rowLower[row] = lower
        rowUpper[row] = upper
    }

    /// True when `other` has the same columns, objective, integrality and
    /// matrix, so that the two differ at most in their bounds.
    public func hasSameStructure(as other: LinearProgram) -> Bool {
        objective == other.objective && isInteger == other.isInteger && objectiveOffset == other.objectiveOffset
            && rowStarts == other.rowStarts && rowColumns == other.rowColumns && rowCoefficients == other.rowCoefficients
    }

    /// The same program with every column continuous: its linear relaxation.
    public func relaxed() -> LinearProgram {
        var copy = self
        copy.isInteger = Array(repeating: false, count: columnCount)
        return copy
    }

    /// `objective · x + objectiveOffset`.
    public func objectiveValue(of x: [Double]) -> Double {
        zip(objective, x).reduce(objectiveOffset) { $0 + $1.0 * $1.1 }
    }

    /// The largest amount by which `x` breaks a bound, a row or integrality.
    public func violation(of x: [Double]) -> Double {
        precondition(x.count == columnCount, "a point needs one value per column")
        var worst = 0.0
        for j in 0..<columnCount {
            worst = max(worst, lower[j] - x[j], x[j] - upper[j])
            if isInteger[j] { worst = max(worst, abs(x[j] - x[j].rounded())) }
        }
        for row in 0..<rowCount {
            var activity = 0.0
            for entry in rowStarts[row]..<rowStarts[row + 1] {
                activity += rowCoefficients[entry] * x[rowColumns[entry]]
            }
            worst = max(worst, rowLower[row] - activity, activity - rowUpper[row])
        }
        return worst
    }
}
