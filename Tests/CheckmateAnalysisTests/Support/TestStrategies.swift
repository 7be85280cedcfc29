import Checkmate
import Synchronization
@testable import CheckmateAnalysis

/// A deterministic test strategy: the stage plan that retains every
/// `stride`-th node (stride 1 keeps everything), whatever the budget, with
/// a made-up stage-form bound of the sum of costs plus `stride` that it
/// does not claim for its own schedule.
struct RetainEvery: Strategy {
    var stride: Int
    var name: String { "retain-every-\(stride)" }
    var summary: String { "retains every \(stride)th node" }

    func solve(_ graph: TrainingGraph, budget: Int, options: SolveOptions) throws(StrategyError) -> Solution {
        var retain = StageMatrix(count: graph.count)
        for t in 0..<graph.count { for i in 0..<t where i % stride == 0 { retain[t, i] = true } }
        let schedule = StagePlan(graph: graph, retain: retain).schedule(for: graph)
        return try Solution(graph: graph, schedule: schedule, strategy: name, budget: budget,
                            stageFormBound: StageFormBound(cost: graph.totalCost + Double(stride), order: Array(graph.nodes.indices)))
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

/// A strategy that records, for each budget it solves, the cache it was given.
final class CacheRecorder: Strategy {
    let calls = Mutex<[(budget: Int, cache: ObjectIdentifier?)]>([])
    var name: String { "cache-recorder" }
    var summary: String { "records the caches it is given" }

    func solve(_ graph: TrainingGraph, budget: Int, options: SolveOptions) throws(StrategyError) -> Solution {
        calls.withLock { $0.append((budget, options.cache.map(ObjectIdentifier.init))) }
        return try RetainEvery(stride: 2).solve(graph, budget: budget, options: options)
    }
}
