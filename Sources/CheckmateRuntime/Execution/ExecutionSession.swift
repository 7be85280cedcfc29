import Checkmate
import Foundation

/// One schedule of a ``TrainingProgram`` ready to run: its arena mapped and
/// planned, the constant memory written, and the steps run so far.
///
/// Creating a session replays the schedule (the judge: a schedule it rejects
/// never starts), places every tensor by an `ArenaPlan`, maps the arena (the
/// plan's size, or `options.capacity`) and writes the seeded parameters,
/// batch and labels. Each ``step()`` runs the schedule: a `compute` checks
/// that the node's output and workspace fit the arena and runs its kernels, a
/// `free` lets the plan reuse the output's place; then the optimizer updates
/// the parameters. The first step also measures the growth of the process's
/// peak resident memory, the arena's pages being untouched until then but for
/// the constant memory. Sessions of two schedules can alternate steps, so
/// that a machine's drifting speed affects both alike.
///
///     let session = try ExecutionSession(program, schedule: schedule)
///     try session.step()
///     session.execution.medianSeconds
public final class ExecutionSession {
    public let program: TrainingProgram
    public let schedule: Schedule
    let replay: Replay
    let plan: ArenaPlan
    let arena: Arena
    let constants: ConstantPointers
    private var optimizer: OptimizerStep
    private let timesKernels: Bool
    private var stepSeconds: [Double] = []
    private var kernelSeconds: [[Double]]
    private var computeCount = 0
    private var resident = (before: 0, after: 0, wasReset: false)

    /// - Throws: ``ExecutionError/invalidSchedule(_:)`` with the replay's error,
    ///   or ``ExecutionError/arena(_:)`` when the arena cannot be mapped.
    public init(_ program: TrainingProgram, schedule: Schedule, options: ExecutionOptions = ExecutionOptions()) throws(ExecutionError) {
        let graph = program.graph
        do {
            replay = try graph.replay(schedule)
        } catch {
            throw .invalidSchedule(error)
        }
        let nodes = graph.nodes
        let layout = program.layout
        plan = ArenaPlan(schedule, outputBytes: { nodes[$0].memory }, workspaceBytes: { nodes[$0].workspace },
                         constantBytes: layout.bytes)
        do {
            arena = try Arena(capacity: options.capacity ?? plan.size)
            try arena.reserve(offset: 0, bytes: layout.bytes, for: "the constant memory")
        } catch {
            throw .arena(error)
        }
        constants = ConstantPointers(
            parameters: (arena.base + layout.parameters).bindMemory(to: Float.self, capacity: layout.parameterFloats),
            gradients: (arena.base + layout.gradients).bindMemory(to: Float.self, capacity: layout.parameterFloats),
            base: arena.base)
        program.initialize(arena, constants, changes: options.parameterChanges)
        optimizer = OptimizerStep(program.trainingOptions.optimizer, layout: layout, base: arena.base)
        self.program = program
        self.schedule = schedule
        timesKernels = options.timesKernels
        kernelSeconds = Array(repeating: [], count: options.timesKernels ? graph.count : 0)
    }

    /// The buffers node `v` runs with at schedule step `t`, its inputs taken from `buffers`.
    func memory(step t: Int, node v: Int, buffers: [UnsafeMutableRawPointer?]) -> NodeMemory {
        NodeMemory(inputs: program.graph.nodes[v].inputs.map { buffers[$0]! }, output: arena.base + plan.outputOffsets[t],
                   workspace: arena.base + plan.workspaceOffsets[t], constants: constants)
    }

    /// Runs one training step: the schedule, then the optimizer's update.
    ///
    /// - Throws: ``ExecutionError/arena(_:)`` naming the first tensor that does
    ///   not fit the arena; the step stops there.
    public func step() throws(ExecutionError) {
        let isFirst = stepSeconds.isEmpty
        if isFirst {
            resident.wasReset = ResidentMemory.resetPeak()
            resident.before = ResidentMemory.peak()
        }
        let nodes = program.graph.nodes
        var buffers = [UnsafeMutableRawPointer?](repeating: nil, count: nodes.count)
        let start = ContinuousClock.now
        computeCount = 0
        for (t, step) in schedule.steps.enumerated() {
            switch step {
            case .compute(let v):
                do {
                    try arena.reserve(offset: plan.outputOffsets[t], bytes: nodes[v].memory,
                                      for: "the output of node '\(nodes[v].name)' at step \(t)")
                    try arena.reserve(offset: plan.workspaceOffsets[t], bytes: nodes[v].workspace,
                                      for: "the workspace of node '\(nodes[v].name)' at step \(t)")
                } catch {
                    throw .arena(error)
                }
                let memory = memory(step: t, node: v, buffers: buffers)
                if timesKernels {
                    let kernelStart = ContinuousClock.now
                    program.kernels[v].run(memory)
                    kernelSeconds[v].append((ContinuousClock.now - kernelStart) / .seconds(1))
                } else {
                    program.kernels[v].run(memory)
                }
                buffers[v] = memory.output
                computeCount += 1
            case .free(let v):
                buffers[v] = nil
            }
        }
        stepSeconds.append((ContinuousClock.now - start) / .seconds(1))
        if isFirst { resident.after = ResidentMemory.peak() }
        optimizer.update()
    }

    /// What the steps so far measured.
    public var execution: Execution {
        Execution(
            replay: replay, arenaBytes: arena.capacity, plannedBytes: plan.size, plannedLiveBytes: plan.liveBytes,
            highestTouchedOffset: arena.highestTouchedOffset(), residentPeakBefore: resident.before,
            residentPeakAfter: resident.after, residentPeakWasReset: resident.wasReset, stepSeconds: stepSeconds,
            kernelSeconds: kernelSeconds, computeCount: computeCount, loss: program.loss.value,
            gradients: Array(UnsafeBufferPointer(start: constants.gradients, count: program.layout.parameterFloats)))
    }
}
