import Checkmate
import CheckmateRuntime
import Testing

/// The executed backward pass against central finite differences of the executed loss.
@Suite struct GradientCheckTests {
    /// Central differences with step 1e-3 in float32. The loss has kinks where
    /// a pre-activation crosses ReLU's zero: with seed 7 one lies within the
    /// step and the check fails there, as it should; with seed 1 none does.
    @Test func gradientsMatchFiniteDifferencesOfTheLoss() throws {
        let program = MultilayerPerceptron(widths: [4, 6, 5, 3], batch: 3, seed: 1).program()
        let schedule = CheckpointAll().schedule(for: program.graph)
        let run = try program.execute(schedule)
        let step: Float = 1e-3
        func loss(_ change: (inout DenseParameters) -> Void, layer: Int) throws -> Float {
            var perturbed = program
            change(&perturbed.tensors.parameters[layer])
            return try perturbed.execute(schedule).loss
        }
        var checked = 0
        for (layer, gradient) in run.gradients.enumerated() {
            for (name, values) in [("weight", \DenseParameters.weights), ("bias", \DenseParameters.bias)] {
                for i in gradient[keyPath: values].indices {
                    let plus = try loss({ $0[keyPath: values][i] += step }, layer: layer)
                    let minus = try loss({ $0[keyPath: values][i] -= step }, layer: layer)
                    let estimate = (plus - minus) / (2 * step)
                    let exact = gradient[keyPath: values][i]
                    #expect(abs(estimate - exact) <= 1e-3 + 1e-2 * abs(exact), "layer \(layer) \(name) \(i): \(estimate) vs \(exact)")
                    checked += 1
                }
            }
        }
        #expect(checked == 83)
        #expect(run.gradients.contains { $0.weights.contains { abs($0) > 1e-2 } })
    }
}
