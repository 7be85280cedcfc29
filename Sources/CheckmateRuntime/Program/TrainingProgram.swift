import Checkmate
import CheckmateModels

/// A training step that runs: the training graph of a `Network`, with a
/// kernel for every node, on oneDNN and OpenBLAS on this machine's CPU.
///
/// This makes the graph of Checkmate (Jain et al., "Checkmate: Breaking the
/// Memory Wall with Optimal Tensor Rematerialization", MLSys 2020) real:
/// executing a `Schedule` places every tensor in one `Arena` by a static
/// plan and runs each `compute` as the node's kernels, so the peak a strategy
/// promises, the time it costs and the gradients it gives are measured rather
/// than assumed (see ``execute(_:options:)``).
///
/// Invariant: ``graph`` is ``derivedGraph`` (what `Network.trainingGraph`
/// gives, and `checkmate solve` schedules, for the same network and options)
/// node for node, input for input and byte for byte in every output; only
/// each node's `workspace` adds the kernels' scratch space (oneDNN's
/// scratchpads, reordered weights) to the graph's, and the constant memory is
/// the same bytes. Every kernel reads exactly the forward tensors the
/// graph's rules keep for it, or the program does not build.
///
///     let network = try Zoo.network(named: "resnet50", batch: 16, input: .image(height: 64, width: 64))
///     let program = try TrainingProgram(network: network)
///     let solution = try StrategyCatalog.milp.solve(program.graph, budget: budget)
///     let run = try program.execute(solution.schedule)
///     run.arenaBytes - run.replay.peakMemory   // the plan's fragmentation
public final class TrainingProgram {
    /// The graph schedules are for: ``derivedGraph`` with the kernels' scratch space in each node's workspace.
    public let graph: TrainingGraph
    /// The training graph of the network as `Network/trainingStep(_:)` derives it.
    public var derivedGraph: TrainingGraph { step.graph }
    /// The derivation: the plan and the parts of each node's output.
    public let step: TrainingStep
    /// The seed of the parameters, the batch, the labels and dropout's masks.
    public let seed: UInt64
    let trainingOptions: TrainingOptions
    let engine: ComputeEngine
    let kernels: [NodeKernel]
    let layout: ConstantLayout
    let parameters: ParameterTable
    let loss: LossRecord

    /// The network the program trains.
    public var network: Network { step.plan.network }

    /// The number of trainable parameters.
    public var parameterCount: Int { parameters.parameterCount }

    /// Builds the kernels of `network`'s training step with `options` (float32 only).
    ///
    /// - Throws: ``ProgramError`` naming the layer the runtime cannot run, or
    ///   whose kernel reads other tensors than the graph keeps for it.
    public init(network: Network, options: TrainingOptions = TrainingOptions(), seed: UInt64 = 1) throws(ProgramError) {
        guard options.dataType == .float32 else {
            throw .unsupported(layer: network.name, reason: "the runtime trains in float32, not \(options.dataType.rawValue)")
        }
        let step: TrainingStep
        do {
            step = try network.trainingStep(options)
        } catch {
            throw .network("\(network.name): \(error)")
        }
        let engine: ComputeEngine
        do {
            engine = try ComputeEngine()
        } catch {
            throw .library(layer: network.name, error: error)
        }
        var builder = ProgramBuilder(step: step, engine: engine, seed: seed)
        let kernels = try builder.build()
        self.step = step
        self.seed = seed
        self.trainingOptions = options
        self.engine = engine
        self.kernels = kernels
        self.layout = ConstantLayout(network: network, parameterFloats: builder.parameters.count, optimizer: options.optimizer)
        self.parameters = builder.parameters
        self.loss = builder.loss
        var nodes = step.graph.nodes
        for (v, kernel) in kernels.enumerated() { nodes[v].workspace = kernel.workspaceBytes }
        do {
            graph = try TrainingGraph(name: step.graph.name, costUnit: step.graph.costUnit,
                                      constantMemory: step.graph.constantMemory, nodes: nodes)
        } catch {
            preconditionFailure("adding workspace cannot invalidate a graph: \(error)")
        }
    }
}
