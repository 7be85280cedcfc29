import Checkmate
import Synchronization
@testable import CheckmateAnalysis

/// A deterministic test strategy: the stage plan that retains every
/// `stride`-th node (stride 1 keeps everything), whatever the budget.
struct RetainEvery: Strategy {
    var stride: Int
    var name: String { "retain-every-\(stride)" }
    var summary: String { "retains every \(stride)th node" }

    func solve(_ graph: TrainingGraph, budget: Int, options: SolveOptions) throws(StrategyError) -> Solution {
        var retain = StageMatrix(count: graph.count)
        for t in 0..<graph.count { for i in 0..<t where i % stride == 0 { retain[t, i] = true } }
        let schedule = StagePlan(graph: graph, retain: retain).schedule(for: graph)
        return try Solution(graph: graph, schedule: schedule, strategy: name, budget: budget,
                            costLowerBound: graph.costLowerBound + Double(stride), isOptimal: stride == 1)
    }
}

/// A strategy that never applies.
struct NeverApplies: Strategy {
    var name: String { "never" }
    var summary: String { "does not apply" }

    func solve(_ graph: TrainingGraph, budget: Int, options: SolveOptions) throws(StrategyError) -> Solution {
        throw .unsupported(strategy: name, reason: "test")
    }
}

/// A ``BudgetSweepable`` strategy that records the budget lists it is given.
final class SweepingStrategy: BudgetSweepable {
    let calls = Mutex<[[Int]]>([])
    var name: String { "sweeping" }
    var summary: String { "records its sweeps" }

    func solve(_ graph: TrainingGraph, budget: Int, options: SolveOptions) throws(StrategyError) -> Solution {
        try RetainEvery(stride: 2).solve(graph, budget: budget, options: options)
    }

    func solve(_ graph: TrainingGraph, budgets: [Int], options: SolveOptions,
               report: (Int, Result<Solution, StrategyError>) -> Void) {
        calls.withLock { $0.append(budgets) }
        for budget in budgets {
            report(budget, Result { () throws(StrategyError) in try solve(graph, budget: budget, options: options) })
        }
    }
}
