import Testing
import Checkmate

@Suite struct LagrangianBoundTests {
    /// min -3a - 5b - 7c - 9d with 4a + 5b + 6c + 7d <= 10 and every column in [0, 1]:
    /// the LP optimum is -12.5 (d whole, c half), with row dual -7/6.
    func knapsack() -> LinearProgram {
        var program = LinearProgram()
        let items: [(value: Double, weight: Double)] = [(3, 4), (5, 5), (7, 6), (9, 7)]
        let columns = items.map { program.addColumn(cost: -$0.value, upper: 1) }
        program.addRow(zip(columns, items).map { ($0, $1.weight) }, upper: 10)
        return program
    }

    @Test func theOptimalDualGivesTheLPOptimum() {
        #expect(abs(knapsack().lagrangianBound(rowDuals: [-7.0 / 6]) + 12.5) < 1e-12)
    }

    @Test func anyDualGivesALowerBound() {
        let program = knapsack()
        // No dual: every column at its cheaper end, -24.
        #expect(program.lagrangianBound(rowDuals: [0]) == -24)
        // A positive dual would need a finite lower side; it counts as 0.
        #expect(program.lagrangianBound(rowDuals: [1]) == -24)
        for y in stride(from: -3.0, through: 0, by: 0.25) {
            #expect(program.lagrangianBound(rowDuals: [y]) <= -12.5 + 1e-12, "dual \(y)")
        }
    }

    @Test func anInfiniteBoundFacingAReducedCostGivesMinusInfinity() {
        var program = LinearProgram()
        let x = program.addColumn(cost: -1)
        program.addRow([(x, 1)], upper: 4)
        #expect(program.lagrangianBound(rowDuals: [0]) == -.infinity)
        #expect(program.lagrangianBound(rowDuals: [-1]) == -4)
    }
}
