import Testing
import Checkmate
@testable import CheckmateModels

func keepUntilLastUse(_ graph: TrainingGraph) -> StagePlan {
    var retain = StageMatrix(count: graph.count)
    for i in 0..<graph.count {
        guard let last = graph.users[i].last else { continue }
        for t in (i + 1)..<(last + 1) { retain[t, i] = true }
    }
    return StagePlan(graph: graph, retain: retain)
}

@Suite struct ScratchTests {
    @Test func stats() throws {
        for model in Zoo.models {
            let batch = 1
            let g = try Zoo.trainingGraph(named: model.name, batch: batch)
            let plan = keepUntilLastUse(g)
            let r = try g.replay(plan.schedule(for: g))
            let fwd = g.nodes.filter { $0.kind == .forward }.reduce(0) { $0 + $1.memory }
            print(model.name, "nodes", g.count, "M0", ByteCount(g.constantMemory), "fwd", ByteCount(fwd), "peak", ByteCount(r.peakMemory), "overhead", r.overhead(in: g), "GFLOP", g.costLowerBound, "perBatchPeak", ByteCount(r.peakMemory - g.constantMemory))
        }
    }
}
