import Checkmate
import CheckmateCatalog
import CheckmateRuntime
import Testing

/// Executing strategies' schedules: the measured peak is the replay's, and
/// recomputation changes no bit of the loss or the gradients.
@Suite struct ScheduleExecutionTests {
    /// Activations outweigh the parameters, so budgets below checkpoint-all matter.
    static let program = MultilayerPerceptron(layers: 6, width: 8, batch: 64).program()
    static let reference = try! program.execute(CheckpointAll().schedule(for: program.graph))

    @Test func theGraphIsTheStepAsDocumented() {
        let model = MultilayerPerceptron(widths: [2, 3, 2], batch: 4)
        let (graph, program) = (model.graph, model.program())
        #expect(program.graph == graph && program.tensors.byteCount == graph.constantMemory)
        #expect(graph.nodes.map(\.name) == ["dense0", "dense1", "loss", "grad_params1", "grad_dense0", "grad_params0"])
        #expect(graph.nodes.map(\.inputs) == [[], [0], [1], [0, 2], [2, 0], [4]])
        #expect(graph.nodes.map(\.kind) == [.forward, .forward, .loss, .backward, .backward, .backward])
        #expect(graph.nodes.map(\.cost) == [72, 56, 40, 56, 60, 60])
        #expect(graph.nodes.map(\.memory) == [48, 32, 32, 0, 48, 0])
        // The batch (8 floats), parameters and gradients (2 x 17), the loss, 4 labels.
        #expect(graph.constantMemory == (8 + 34 + 1) * 4 + 4 * 4)
    }

    @Test(arguments: ["checkpoint-all", "checkpoint-last", "chen-sqrtn", "chen-sqrtn-linearized", "chen-greedy", "griewank"])
    func schedulesRunAsReplayedWithIdenticalGradients(strategyName: String) throws {
        let strategy = try #require(StrategyCatalog.strategy(named: strategyName))
        let graph = Self.program.graph
        let (least, most) = (graph.memoryLowerBound, CheckpointAll().peakMemory(of: graph))
        var rematerialized = false
        for share in [1.0, 0.7, 0.5, 0.3] {
            let budget = least + Int(share * Double(most - least))
            guard let solution = try? strategy.solve(graph, budget: budget) else { continue }
            let run = try Self.program.execute(solution.schedule)
            #expect(run.peakMemory == solution.replay.peakMemory, "\(strategyName) at \(budget) B")
            #expect(run.computeCount == solution.schedule.computeCounts(nodeCount: graph.count).reduce(0, +))
            #expect(run.hasIdenticalResults(to: Self.reference), "\(strategyName) at \(budget) B")
            #expect(run.maxGradientDifference(from: Self.reference) == 0)
            rematerialized = rematerialized || run.computeCount > graph.count
        }
        #expect(rematerialized == (strategyName != "checkpoint-all"))
    }

    @Test func theMILPScheduleRunsWithIdenticalGradients() throws {
        let program = MultilayerPerceptron(layers: 4, width: 4, batch: 32).program()
        let graph = program.graph
        let budget = (graph.memoryLowerBound + CheckpointAll().peakMemory(of: graph)) / 2
        let solution = try StrategyCatalog.milp.solve(graph, budget: budget, options: SolveOptions(timeLimit: 30))
        let run = try program.execute(solution.schedule)
        #expect(run.peakMemory == solution.replay.peakMemory)
        #expect(run.computeCount > graph.count)
        #expect(run.hasIdenticalResults(to: try program.execute(CheckpointAll().schedule(for: graph))))
    }

    @Test func invalidSchedulesAreTypedErrors() {
        let program = MultilayerPerceptron(widths: [2, 3, 2], batch: 4).program()
        let recomputedTooLate = ExecutionError.invalidSchedule(.inputNotLive(step: 2, node: 1, input: 0))
        #expect(throws: recomputedTooLate) {
            try program.execute(Schedule(steps: [.compute(0), .free(0), .compute(1)]))
        }
        #expect(recomputedTooLate.description
            == "invalid schedule: step 2: compute node 1 needs input 0, which is not in memory")
        #expect(throws: ExecutionError.invalidSchedule(.freeNotLive(step: 0, node: 2))) {
            try program.execute(Schedule(steps: [.free(2)]))
        }
        #expect(throws: ExecutionError.invalidSchedule(.unknownNode(step: 0, node: 6))) {
            try program.execute(Schedule(steps: [.compute(6)]))
        }
        #expect(throws: ExecutionError.invalidSchedule(.neverComputed(node: 2))) {
            try program.execute(Schedule(steps: [.compute(0), .compute(1)]))
        }
    }
}
