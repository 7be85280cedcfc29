import Checkmate
import Testing

/// The knapsack bound over all schedules and the node it is taken at, by
/// hand on the paper's chain of four unit nodes (forward `f0...f3` at 0-3,
/// the loss at 4, backward `b3...b0` at 5-8; every node needs 4 units to
/// run, except the forward nodes and the loss, 2, and `b0`, 3).
@Suite struct KnapsackBoundTests {
    let graph = TrainingGraph.chain(length: 4)

    /// At 4 units `b3` runs with no room beside its inputs, while `f0` and
    /// `f1`, its ancestors, are still to be read by `b1` and `b0`: both
    /// are computed again. The loss, with 2 units of room for `f0`, `f1`
    /// and `f2`, must recompute one; `b2` must recompute `f0`. At 5 units
    /// `b3` has room for one of the two; at 6, for both, and nowhere must
    /// anything be recomputed.
    @Test func isTakenWhereTheMostMustBeRecomputed() throws {
        for (budget, recomputation, node) in [(4, 2.0, 5), (5, 1.0, 5), (6, 0.0, nil)] as [(Int, Double, Int?)] {
            #expect(graph.recomputationLowerBound(budget: budget, scope: .allSchedules) == recomputation)
            #expect(graph.recomputationBoundNode(budget: budget, scope: .allSchedules) == node)
            let optimum = try #require(ExhaustiveSearch.anySchedule(graph, budget: budget))
            #expect(optimum >= graph.totalCost + recomputation)
        }
        #expect(graph.recomputationBoundNode(budget: 3, scope: .allSchedules) == nil)
    }
}
