import Checkmate
import CheckmateCatalog
import CheckmateModels
import CheckmateRuntime
import Testing

/// Executing strategies' schedules: every tensor in one arena by the plan,
/// and recomputation changes no bit of the loss or the gradients.
@Suite struct ScheduleExecutionTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var network: String
        var strategy: String
        var testDescription: String { "\(network), \(strategy)" }
    }

    static let cases = ["residual", "encoder-decoder"].flatMap { network in
        ["chen-sqrtn", "chen-greedy", "griewank", "dtr"].map { Case(network: network, strategy: $0) }
    }

    /// Budgets from the memory lower bound to checkpoint-all's peak: each
    /// schedule that fits runs within an arena of its plan's size (which holds
    /// at least the replay's peak), writes no page past it, and gives the
    /// checkpoint-all step's loss and gradients to the bit, over two steps
    /// (the second after an optimizer update); at least one of them recomputes.
    @Test(arguments: cases)
    func recomputingSchedulesGiveIdenticalGradients(_ probe: Case) throws {
        let network = try TestNetworks.all.first { $0.name == probe.network }!.make()
        let program = try TrainingProgram(network: network)
        let graph = program.graph
        let options = ExecutionOptions(steps: 2)
        let reference = try program.execute(CheckpointAll().schedule(for: graph), options: options)
        let strategy = try #require(StrategyCatalog.strategy(named: probe.strategy))
        let (least, most) = (graph.memoryLowerBound, CheckpointAll().peakMemory(of: graph))
        var recomputed = false
        for share in [0.8, 0.5, 0.3, 0.1] {
            let budget = least + Int(share * Double(most - least))
            guard let solution = try? strategy.solve(graph, budget: budget) else { continue }
            let run = try program.execute(solution.schedule, options: options)
            #expect(run.replay == solution.replay)
            #expect(run.plannedBytes >= run.replay.peakMemory && run.arenaBytes == run.plannedBytes)
            #expect(run.highestTouchedOffset <= run.arenaBytes)
            #expect(run.hasIdenticalResults(to: reference), "\(probe) at \(budget) B")
            recomputed = recomputed || run.computeCount > graph.count
        }
        #expect(recomputed)
    }

    /// A MILP schedule that recomputes, on a tiny ResNet block.
    @Test func theMILPScheduleRunsWithIdenticalGradients() throws {
        let program = try TrainingProgram(network: TestNetworks.residual())
        let graph = program.graph
        let budget = (graph.memoryLowerBound + CheckpointAll().peakMemory(of: graph)) / 2
        let solution = try StrategyCatalog.milp.solve(graph, budget: budget, options: SolveOptions(timeLimit: 30))
        let run = try program.execute(solution.schedule)
        #expect(run.computeCount > graph.count)
        #expect(run.hasIdenticalResults(to: try program.execute(CheckpointAll().schedule(for: graph))))
    }

    /// The arena's capacity is fixed before the step: one byte less than the
    /// plan needs stops the step at the tensor that does not fit.
    @Test func anArenaOneByteTooSmallFails() throws {
        let program = try TrainingProgram(network: TestNetworks.encoderDecoder())
        let schedule = try ChenGreedy(linearized: false).solve(program.graph, budget: .max).schedule
        let size = try program.execute(schedule).plannedBytes
        #expect(throws: ExecutionError.self) { try program.execute(schedule, options: ExecutionOptions(capacity: size - 1)) }
        do {
            _ = try program.execute(schedule, options: ExecutionOptions(capacity: size - 1))
        } catch {
            guard case .arena(.doesNotFit(let name, let offset, let bytes, let capacity)) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(offset + bytes == size && capacity == size - 1, "\(name)")
            #expect(error.description.hasPrefix("out of memory: the "))
        }
        #expect(try program.execute(schedule, options: ExecutionOptions(capacity: size)).arenaBytes == size)
    }

    @Test func invalidSchedulesAreTypedErrors() throws {
        let program = try TrainingProgram(network: MultilayerPerceptron(widths: [2, 3, 2], batch: 4).network)
        let recomputedTooLate = ExecutionError.invalidSchedule(.inputNotLive(step: 3, node: 2, input: 1))
        #expect(throws: recomputedTooLate) {
            try program.execute(Schedule(steps: [.compute(0), .compute(1), .free(1), .compute(2)]))
        }
        #expect(recomputedTooLate.description == "invalid schedule: step 3: compute node 2 needs input 1, which is not in memory")
        #expect(throws: ExecutionError.invalidSchedule(.neverComputed(node: 1))) {
            try program.execute(Schedule(steps: [.compute(0)]))
        }
    }

    @Test func thePerceptronIsANetwork() throws {
        let model = MultilayerPerceptron(widths: [2, 3, 2], batch: 4)
        let graph = try TrainingProgram(network: model.network).graph
        #expect(graph.name == "mlp-2-3-2-b4")
        #expect(graph.nodes.map(\.name) == ["dense0", "relu0", "dense1", "loss", "loss/grad", "dense1/grad", "relu0/grad", "dense0/grad"])
        // The batch (8 floats), 4 labels (int64), parameters, gradients and momentum (3 x 17 floats).
        #expect(graph.constantMemory == 8 * 4 + 4 * 8 + 3 * 17 * 4)
        #expect(MultilayerPerceptron(layers: 8, width: 256, batch: 64).name == "mlp8x256-b64")
    }
}
