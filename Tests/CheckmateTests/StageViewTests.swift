import Testing
@testable import Checkmate

@Suite struct StageViewTests {
    /// chain(length: 2): f0 = 0, f1 = 1, loss = 2, b1 = 3 reads (2, 1, 0), b0 = 4 reads (3, 0).
    @Test func handWorkedScheduleWithRecomputation() throws {
        let graph = TrainingGraph.chain(length: 2)
        let schedule = Schedule(steps: [
            .compute(0), .compute(1), .free(0), .compute(2), .compute(0), .compute(3),
            .free(1), .free(2), .compute(4),
        ])
        let view = try StageView(graph: graph, schedule: schedule)
        #expect(view.frontier == [0, 1, 2, 3, 4])
        #expect(Self.entries(view.recomputation) == [[0, 0], [1, 1], [2, 2], [3, 0], [3, 3], [4, 4]])
        #expect(Self.entries(view.retention) == [[1, 0], [2, 1], [3, 1], [3, 2], [4, 0], [4, 3]])
    }

    @Test func computationsAfterTheLastNewNodeBelongToTheLastStage() throws {
        let graph = TrainingGraph.chain(length: 1)
        let view = try StageView(graph: graph, schedule: Schedule(steps: [
            .compute(0), .compute(1), .compute(2), .free(0), .compute(0),
        ]))
        #expect(Self.entries(view.recomputation) == [[0, 0], [1, 1], [2, 0], [2, 2]])
    }

    @Test func rejectsSchedulesThatDoNotReplay() {
        let graph = TrainingGraph.chain(length: 1)
        #expect(throws: ReplayError.neverComputed(node: 2)) {
            try StageView(graph: graph, schedule: Schedule(steps: [.compute(0), .compute(1)]))
        }
    }

    /// On a plan's own schedule the view gives back the plan: R exactly, and
    /// S less the outputs the plan keeps into a stage that neither reads them
    /// nor keeps them further (its schedule frees those as the stage begins).
    @Test(arguments: 0..<12)
    func givesBackThePlanOfAStagePlanSchedule(seed: Int) throws {
        var rng = SplitMix64(seed: UInt64(seed))
        let graph = TrainingGraph.random(forwardCount: 4 + seed, seed: UInt64(seed))
        let n = graph.count
        var retain = StageMatrix(count: n)
        for t in 0..<n { for i in 0..<t where Int.random(in: 0..<3, using: &rng) == 0 { retain[t, i] = true } }
        let plan = StagePlan(graph: graph, retain: retain)
        let view = try StageView(graph: graph, schedule: plan.schedule(for: graph))
        #expect(view.frontier == Array(0..<n))
        #expect(view.recomputation == plan.recomputation)
        // In the graph's order the two cuts of a schedule into stages agree.
        #expect(StagePlan(graph: graph, following: plan.schedule(for: graph)).retention == view.retention)
        for t in 0..<n {
            for i in 0..<n {
                let read = (0..<n).contains { plan.recomputation[t, $0] && graph.nodes[$0].inputs.contains(i) }
                let keptOn = t + 1 < n && plan.retention[t + 1, i]
                #expect(view.retention[t, i] == (plan.retention[t, i] && (read || keptOn)), "stage \(t), node \(i)")
            }
        }
    }

    /// A schedule built in another topological order has that order as its frontier.
    @Test(arguments: 0..<8)
    func followsTheOrderOfFirstComputations(seed: Int) throws {
        var rng = SplitMix64(seed: UInt64(100 + seed))
        let graph = TrainingGraph.random(forwardCount: 8, seed: UInt64(seed))
        var order: [Int] = []
        var done = Set<Int>()
        while order.count < graph.count {
            let ready = graph.nodes.indices.filter { !done.contains($0) && graph.nodes[$0].inputs.allSatisfy(done.contains) }
            let next = ready.randomElement(using: &rng)!
            order.append(next)
            done.insert(next)
        }
        let reordered = try #require(graph.reordered(order))
        var retain = StageMatrix(count: graph.count)
        for t in 0..<graph.count { for i in 0..<t where Bool.random(using: &rng) { retain[t, i] = true } }
        let plan = StagePlan(graph: reordered, retain: retain)
        let steps = plan.schedule(for: reordered).steps.map { step -> Schedule.Step in
            switch step {
            case .compute(let i): .compute(order[i])
            case .free(let i): .free(order[i])
            }
        }
        let view = try StageView(graph: graph, schedule: Schedule(steps: steps))
        #expect(view.frontier == order)
        for t in 0..<graph.count {
            for k in 0..<graph.count { #expect(view.recomputation[t, order[k]] == plan.recomputation[t, k]) }
        }
    }

    static func entries(_ matrix: StageMatrix) -> [[Int]] {
        (0..<matrix.count).flatMap { t in (0..<matrix.count).filter { matrix[t, $0] }.map { [t, $0] } }
    }
}
