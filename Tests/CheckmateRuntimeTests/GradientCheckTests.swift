import Checkmate
import CheckmateModels
import CheckmateRuntime
import Testing

/// The executed backward pass against central finite differences of the executed loss.
@Suite struct GradientCheckTests {
    /// Checks `samples` parameters of each tensor of `program`: the gradient of
    /// a checkpoint-all step against `(loss(w + h) - loss(w - h)) / 2h` with
    /// `h = 1e-3` in float32, except where the one-sided differences disagree
    /// (a kink within a step: a ReLU or max-pool tie, where the two sides'
    /// derivatives differ), which must then be a minority. Returns the number
    /// of parameters checked.
    @discardableResult
    static func expectGradientsMatchFiniteDifferences(_ program: TrainingProgram, samples: Int) throws -> Int {
        let schedule = CheckpointAll().schedule(for: program.graph)
        let run = try program.execute(schedule)
        #expect(run.gradients.contains { abs($0) > 1e-2 })
        let step: Float = 1e-3
        var checked = 0
        var kinks: [String] = []
        func close(_ a: Float, _ b: Float) -> Bool { abs(a - b) <= 2e-3 + 2e-2 * abs(b) }
        for block in program.parameterBlocks {
            for k in 0..<min(samples, block.count) {
                let index = block.offset + k * block.count / samples
                let value = program.initialParameter(at: index)
                let plus = try program.execute(schedule, options: ExecutionOptions(parameterChanges: [index: value + step])).loss
                let minus = try program.execute(schedule, options: ExecutionOptions(parameterChanges: [index: value - step])).loss
                let estimate = (plus - minus) / (2 * step)
                let exact = run.gradients[index]
                let (right, left) = ((plus - run.loss) / step, (run.loss - minus) / step)
                guard close(right, left) else {
                    kinks.append("\(block.name) [\(index - block.offset)]")
                    continue
                }
                #expect(close(estimate, exact), "\(block.name) [\(index - block.offset)]: \(estimate) vs \(exact)")
                checked += 1
            }
        }
        #expect(kinks.count * 4 <= checked, "kinks within a step at \(kinks)")
        return checked
    }

    /// A network of smooth functions (no kink within a step), fused and not.
    @Test(arguments: [false, true])
    func gradientsMatchFiniteDifferencesOfTheLoss(fused: Bool) throws {
        let program = try TrainingProgram(network: TestNetworks.smooth(), options: TrainingOptions(fusesPointwiseLayers: fused))
        #expect(try Self.expectGradientsMatchFiniteDifferences(program, samples: 3) == 36)   // 3 of each of 12 tensors
    }

    /// The networks with kinks (ReLU, ReLU6, max pooling, dropout's mask,
    /// unpooling): with the default seed no kink lies within a step of the
    /// checked parameters, so the check holds there too.
    @Test(arguments: ["residual", "separable", "encoder-decoder"])
    func gradientsOfNetworksWithKinksMatchFiniteDifferences(name: String) throws {
        let program = try TrainingProgram(network: TestNetworks.all.first { $0.name == name }!.make())
        try Self.expectGradientsMatchFiniteDifferences(program, samples: 2)
    }

    /// Fusing pointwise layers changes which node computes what, not the step's results.
    @Test(arguments: TestNetworks.all.map(\.name))
    func fusedAndUnfusedStepsAgree(name: String) throws {
        let network = try TestNetworks.all.first { $0.name == name }!.make()
        let runs = try [false, true].map { fused in
            let program = try TrainingProgram(network: network, options: TrainingOptions(fusesPointwiseLayers: fused))
            return try program.execute(CheckpointAll().schedule(for: program.graph))
        }
        #expect(abs(runs[0].loss - runs[1].loss) <= 1e-6)
        #expect(runs[0].maxGradientDifference(from: runs[1]) <= 1e-5)
    }
}
