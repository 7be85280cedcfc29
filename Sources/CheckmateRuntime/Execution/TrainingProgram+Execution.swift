import Checkmate
import CheckmateModels
import Foundation

extension TrainingProgram {
    /// Runs `schedule` for `options.steps` training steps in an arena of fixed capacity.
    ///
    /// The schedule is first replayed by ``TrainingGraph/replay(_:)``, the
    /// judge: a schedule it rejects never starts. Then an ``ArenaPlan`` places
    /// every tensor the schedule holds; the arena (the plan's size, or
    /// `options.capacity`) is mapped, and the constant memory written (seeded
    /// parameters, batch and labels). Each `compute` checks that the node's
    /// output and workspace fit the arena and runs its kernels; each `free`
    /// lets the plan reuse the output's place. After each step the optimizer
    /// updates the parameters. The process's peak resident memory is read
    /// before the first step and after the last, and the arena's touched pages counted.
    ///
    /// - Throws: ``ExecutionError/invalidSchedule(_:)`` with the replay's error,
    ///   or ``ExecutionError/arena(_:)`` when the arena cannot be mapped or a
    ///   tensor does not fit in it (the step stops there).
    public func execute(_ schedule: Schedule, options: ExecutionOptions = ExecutionOptions()) throws(ExecutionError) -> Execution {
        let replay: Replay
        do {
            replay = try graph.replay(schedule)
        } catch {
            throw .invalidSchedule(error)
        }
        let nodes = graph.nodes
        let plan = ArenaPlan(schedule, outputBytes: { nodes[$0].memory }, workspaceBytes: { nodes[$0].workspace },
                             constantBytes: layout.bytes)
        let arena: Arena
        do {
            arena = try Arena(capacity: options.capacity ?? plan.size)
            try arena.reserve(offset: 0, bytes: layout.bytes, for: "the constant memory")
        } catch {
            throw .arena(error)
        }
        let constants = ConstantPointers(
            parameters: (arena.base + layout.parameters).bindMemory(to: Float.self, capacity: layout.parameterFloats),
            gradients: (arena.base + layout.gradients).bindMemory(to: Float.self, capacity: layout.parameterFloats),
            base: arena.base)
        initialize(arena, constants, changes: options.parameterChanges)
        var optimizer = OptimizerStep(trainingOptions.optimizer, layout: layout, base: arena.base)

        let wasReset = ResidentMemory.resetPeak()
        let before = ResidentMemory.peak()
        var stepSeconds: [Double] = []
        var kernelSeconds = Array(repeating: [Double](), count: options.timesKernels ? graph.count : 0)
        var buffers = [UnsafeMutableRawPointer?](repeating: nil, count: graph.count)
        var computeCount = 0
        for _ in 0..<options.steps {
            let start = ContinuousClock.now
            computeCount = 0
            for (t, step) in schedule.steps.enumerated() {
                switch step {
                case .compute(let v):
                    let (output, workspace) = (plan.outputOffsets[t], plan.workspaceOffsets[t])
                    do {
                        try arena.reserve(offset: output, bytes: nodes[v].memory, for: "the output of node '\(nodes[v].name)' at step \(t)")
                        try arena.reserve(offset: workspace, bytes: nodes[v].workspace,
                                          for: "the workspace of node '\(nodes[v].name)' at step \(t)")
                    } catch {
                        throw .arena(error)
                    }
                    let memory = NodeMemory(inputs: nodes[v].inputs.map { buffers[$0]! }, output: arena.base + output,
                                            workspace: arena.base + workspace, constants: constants)
                    if options.timesKernels {
                        let kernelStart = ContinuousClock.now
                        kernels[v].run(memory)
                        kernelSeconds[v].append((ContinuousClock.now - kernelStart) / .seconds(1))
                    } else {
                        kernels[v].run(memory)
                    }
                    buffers[v] = memory.output
                    computeCount += 1
                case .free(let v):
                    buffers[v] = nil
                }
            }
            stepSeconds.append((ContinuousClock.now - start) / .seconds(1))
            buffers = buffers.map { _ in nil }
            optimizer.update()
        }
        let after = ResidentMemory.peak()
        return Execution(
            replay: replay, arenaBytes: arena.capacity, plannedBytes: plan.size, plannedLiveBytes: plan.liveBytes,
            highestTouchedOffset: arena.highestTouchedOffset(), residentPeakBefore: before, residentPeakAfter: after,
            residentPeakWasReset: wasReset, stepSeconds: stepSeconds, kernelSeconds: kernelSeconds,
            computeCount: computeCount, loss: loss.value,
            gradients: Array(UnsafeBufferPointer(start: constants.gradients, count: layout.parameterFloats)))
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
