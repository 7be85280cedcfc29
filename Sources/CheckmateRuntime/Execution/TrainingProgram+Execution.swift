import Checkmate
import CheckmateModels
import Foundation

extension TrainingProgram {
    /// Runs `schedule` for `options.steps` training steps in an arena of fixed
    /// capacity: an ``ExecutionSession`` stepped `options.steps` times.
    ///
    /// - Throws: ``ExecutionError/invalidSchedule(_:)`` with the replay's error,
    ///   or ``ExecutionError/arena(_:)`` when the arena cannot be mapped or a
    ///   tensor does not fit in it (the step stops there).
    public func execute(_ schedule: Schedule, options: ExecutionOptions = ExecutionOptions()) throws(ExecutionError) -> Execution {
        let session = try ExecutionSession(self, schedule: schedule, options: options)
        for _ in 0..<options.steps { try session.step() }
        return session.execution
    }

    /// Writes the seeded constant memory: parameters, inputs and labels (gradients and optimizer state start at 0).
    func initialize(_ arena: Arena, _ constants: ConstantPointers, changes: [Int: Float]) {
        for entry in parameters.entries {
            guard case .uniform(let low, let high) = entry.initializer else { continue }
            let values = entry.block.values(constants)
            for j in 0..<entry.block.count {
                values[j] = low + (high - low) * uniformValue(seed: seed, index: UInt64(entry.block.offset + j))
            }
        }
        for (index, value) in changes { constants.parameters[index] = value }
        for (layer, input) in layout.inputs {
            let values = (arena.base + input.offset).bindMemory(to: Float.self, capacity: input.count)
            let inputSeed = seed ^ (0x5851_F42D_4C95_7F2D &* UInt64(layer + 1))
            for j in 0..<input.count { values[j] = 2 * uniformValue(seed: inputSeed, index: UInt64(j)) - 1 }
        }
        for (layer, labels) in layout.labels {
            let values = (arena.base + labels.offset).bindMemory(to: Int64.self, capacity: labels.count)
            let labelSeed = seed ^ (0x2545_F491_4F6C_DD1D &* UInt64(layer + 1))
            for j in 0..<labels.count {
                values[j] = min(Int64(uniformValue(seed: labelSeed, index: UInt64(j)) * Float(labels.classes)),
                                Int64(labels.classes - 1))
            }
        }
    }

    /// Each parameter tensor: its name, its first index in the parameter layout, and its count.
    public var parameterBlocks: [(name: String, offset: Int, count: Int)] {
        parameters.entries.map { ($0.name, $0.block.offset, $0.block.count) }
    }

    /// The initial value of the parameter at `index` in the parameter layout.
    public func initialParameter(at index: Int) -> Float {
        guard let entry = parameters.entries.first(where: { (0..<$0.block.count).contains(index - $0.block.offset) }),
              case .uniform(let low, let high) = entry.initializer else { return 0 }
        return low + (high - low) * uniformValue(seed: seed, index: UInt64(index))
    }
}

/// One optimizer update of the parameters from their gradients, over the
/// constant memory's parameter-shaped blocks: plain SGD, SGD with momentum
/// 0.9, or Adam; learning rate 10⁻³.
struct OptimizerStep {
    let optimizer: Optimizer
    let count: Int
    let parameters: UnsafeMutablePointer<Float>
    let gradients: UnsafeMutablePointer<Float>
    let state: [UnsafeMutablePointer<Float>]
    private var steps = 0

    init(_ optimizer: Optimizer, layout: ConstantLayout, base: UnsafeMutableRawPointer) {
        self.optimizer = optimizer
        count = layout.parameterFloats
        parameters = (base + layout.parameters).assumingMemoryBound(to: Float.self)
        gradients = (base + layout.gradients).assumingMemoryBound(to: Float.self)
        state = layout.state.map { (base + $0).bindMemory(to: Float.self, capacity: layout.parameterFloats) }
    }

    mutating func update() {
        steps += 1
        let rate: Float = 1e-3
        switch optimizer {
        case .sgd:
            for i in 0..<count { parameters[i] -= rate * gradients[i] }
        case .momentum:
            let velocity = state[0]
            for i in 0..<count {
                velocity[i] = 0.9 * velocity[i] + gradients[i]
                parameters[i] -= rate * velocity[i]
            }
        case .adam:
            let (first, second) = (state[0], state[1])
            let correction1 = 1 - Float(pow(0.9, Double(steps))), correction2 = 1 - Float(pow(0.999, Double(steps)))
            for i in 0..<count {
                first[i] = 0.9 * first[i] + 0.1 * gradients[i]
                second[i] = 0.999 * second[i] + 0.001 * gradients[i] * gradients[i]
                parameters[i] -= rate * (first[i] / correction1) / ((second[i] / correction2).squareRoot() + 1e-8)
            }
        }
    }
}
