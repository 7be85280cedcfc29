import CheckmateTestSupport
import Testing
import Checkmate
import CheckmateAnalysis
@testable import CheckmateModels

/// Checkpoint all for these tests: every output kept until its last reader.
struct KeepUntilLastUse: Strategy {
    var name: String { "keep-until-last-use" }
    var summary: String { "test strategy" }

    func solve(_ graph: TrainingGraph, budget: Int, options: SolveOptions) throws(StrategyError) -> Solution {
        try Solution(graph: graph, schedule: keepUntilLastUse(graph).schedule(for: graph),
                     strategy: name, budget: budget)
    }
}

/// Retains nothing: recomputes everything from scratch in every stage (small peak, large overhead).
struct RetainNothing: Strategy {
    var name: String { "retain-nothing" }
    var summary: String { "test strategy" }

    func solve(_ graph: TrainingGraph, budget: Int, options: SolveOptions) throws(StrategyError) -> Solution {
        let plan = StagePlan(graph: graph, retain: StageMatrix(count: graph.count))
        return try Solution(graph: graph, schedule: plan.schedule(for: graph), strategy: name, budget: budget)
    }
}

@Suite struct MaxBatchSearchTests {
    /// A small VGG-like network whose memory grows with the batch.
    static func graph(_ batch: Int) throws(MaxBatchError) -> TrainingGraph {
        var b = NetworkBuilder(name: "small", input: [batch, 3, 16, 16])
        var x = b.input
        for i in 1...3 { x = b.maxPooling(b.relu(b.convolution(x, filters: 8 * i, kernel: 3, padding: 1)), kernel: 2) }
        _ = b.softmaxCrossEntropy(b.dense(b.flatten(x), units: 10))
        do {
            return try b.build().trainingGraph()
        } catch {
            throw .graph(batch: batch, reason: "\(error)")
        }
    }

    static func peak(_ batch: Int, _ strategy: any Strategy) throws -> Int {
        let graph = try graph(batch)
        return try strategy.solve(graph, budget: Int.max).replay.peakMemory
    }

    @Test(arguments: [1, 7, 100, 1000])
    func findsTheLargestBatchThatFits(start: Int) throws {
        let memory = try Self.peak(37, KeepUntilLastUse()) + 1
        let search = MaxBatchSearch(memory: memory, strategy: KeepUntilLastUse(), start: start)
        let result = try #require(try search.run(Self.graph))
        #expect(result.batch == 37)
        #expect(result.peakMemory <= memory)
        #expect(try Self.peak(38, KeepUntilLastUse()) > memory)
        #expect(result.overhead == 1)
        // Doubling and bisection: far fewer tries than batches.
        #expect(result.attempts.count <= 2 * 11)
        #expect(Set(result.attempts.map(\.batch)).isSuperset(of: [37, 38]))
    }

    @Test func nothingFitsIsNil() throws {
        let search = MaxBatchSearch(memory: 1000, strategy: KeepUntilLastUse())
        #expect(try search.run(Self.graph)?.batch == nil)
    }

    @Test func theRecomputationCapRejectsCostlySchedules() throws {
        let memory = try Self.peak(16, KeepUntilLastUse())
        let lenient = MaxBatchSearch(memory: memory, strategy: RetainNothing(), cap: .overhead(100))
        let found = try #require(try lenient.run(Self.graph))
        #expect(found.batch >= 16)
        let strict = MaxBatchSearch(memory: memory, strategy: RetainNothing())
        #expect(try strict.run(Self.graph)?.batch == nil)
        #expect(found.attempts.contains { if case .fits = $0.outcome { true } else { false } })
    }

    @Test func oneExtraForwardPassCap() {
        // The paper's chain of 4: forward cost 4 of a total 9 (4 forward, the loss, 4 backward).
        let graph = TrainingGraph.chain(length: 4)
        #expect(RecomputationCap.extraForwardPasses(1).maximumOverhead(in: graph) == 1 + 4.0 / 9)
        #expect(RecomputationCap.overhead(1.5).maximumOverhead(in: graph) == 1.5)
    }

    @Test func zooGraphsSearchEndToEnd() throws {
        let search = MaxBatchSearch(memory: 4 << 30, strategy: KeepUntilLastUse(), start: 16)
        let result = try #require(try search.run { batch throws(MaxBatchError) in
            do { return try Zoo.trainingGraph(named: "mobilenet", batch: batch) } catch {
                throw .graph(batch: batch, reason: "\(error)")
            }
        })
        #expect(result.batch > 16)
        #expect(result.peakMemory <= 4 << 30)
    }
}
