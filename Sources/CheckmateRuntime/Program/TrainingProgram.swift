import Checkmate

/// A training step that can run: a ``TrainingGraph`` whose nodes carry
/// kernels, and the tensors held for the whole step.
///
/// This makes the graph of Checkmate (Jain et al., "Checkmate: Breaking the
/// Memory Wall with Optimal Tensor Rematerialization", MLSys 2020) real:
/// executing a ``Schedule`` allocates each computed node's output, runs its
/// kernel and releases the output on `free`, so the peak a strategy promises
/// and the gradients of the step can be measured rather than assumed
/// (see ``execute(_:)``).
///
/// Invariant: `kernels[i]` computes `graph.nodes[i]`, and its output takes
/// exactly `graph.nodes[i].memory` bytes; `graph.constantMemory` is
/// `tensors.byteCount`. Programs are built by models such as
/// ``MultilayerPerceptron``, which keep this invariant.
///
///     let program = MultilayerPerceptron(layers: 8, width: 256, batch: 64).program()
///     let solution = try ChenGreedy(linearized: false).solve(program.graph, budget: budget)
///     let run = try program.execute(solution.schedule)
///     run.peakMemory == solution.replay.peakMemory   // true
public struct TrainingProgram: Sendable {
    /// The graph the schedules are for.
    public let graph: TrainingGraph
    /// The kernel of each node, by node index.
    public let kernels: [Kernel]
    /// `M0`: the batch, parameters, their gradients and the loss. Change the
    /// parameters or the batch to run the step at another point.
    public var tensors: StepTensors

    init(graph: TrainingGraph, kernels: [Kernel], tensors: StepTensors) {
        assert(kernels.count == graph.count && graph.constantMemory == tensors.byteCount)
        assert(zip(kernels, graph.nodes).allSatisfy { $0.outputBytes == $1.memory })
        self.graph = graph
        self.kernels = kernels
        self.tensors = tensors
    }
}
