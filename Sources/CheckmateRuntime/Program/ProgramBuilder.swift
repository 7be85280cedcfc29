import CDNNL
import Checkmate
import CheckmateModels

/// Makes the node kernels of a ``TrainingProgram``: a kernel per layer, then
/// for each node the calls of its layers' kernels with their tensors'
/// locations, as the derivation's parts lay them out (``TrainingStep``).
struct ProgramBuilder {
    let step: TrainingStep
    let engine: ComputeEngine
    let seed: UInt64
    private(set) var parameters = ParameterTable()
    let loss = LossRecord()
    private var layerKernels: [Int: any LayerKernel] = [:]
    private var plan: TrainingPlan { step.plan }
    private var layers: [Layer] { step.plan.network.layers }
    private var graph: TrainingGraph { step.graph }
    /// Inputs and labels do not depend on the parameters' size, so this layout already places them.
    private let constants: ConstantLayout

    init(step: TrainingStep, engine: ComputeEngine, seed: UInt64) {
        self.step = step
        self.engine = engine
        self.seed = seed
        self.constants = ConstantLayout(network: step.plan.network, parameterFloats: 0, optimizer: .sgd)
    }

    mutating func build() throws(ProgramError) -> [NodeKernel] {
        for i in layers.indices { try makeKernel(i) }
        let network = plan.network
        guard parameters.parameterCount == network.parameterCount else {
            throw .unsupported(layer: network.name, reason: "its layers' kernels hold \(parameters.parameterCount) "
                + "parameters, the network counts \(network.parameterCount)")
        }
        var kernels = [NodeKernel?](repeating: nil, count: graph.count)
        for g in plan.groups.indices {
            kernels[step.forwardNodes[g]] = try forwardKernel(g)
            if let mask = step.maskNodes[g], let dropout = layerKernels[plan.groups[g][0]] as? DropoutKernel {
                kernels[mask] = NodeKernel(calls: [.mask(dropout)], workspaceBytes: 0)
            }
            if let backward = step.backwardNodes[g] { kernels[backward] = try backwardKernel(g, node: backward) }
        }
        return kernels.map { $0! }
    }

    // MARK: Layer kernels

    private mutating func makeKernel(_ i: Int) throws(ProgramError) {
        let layer = layers[i]
        let request = KernelRequest(engine: engine, network: plan.network, index: i,
                                    inputShapes: layer.inputs.map { layers[$0].shape }, hasBackward: plan.hasBackward[i],
                                    inputsNeedingGradient: plan.inputsNeedingGradient(i))
        let kernel: any LayerKernel
        switch layer.operation {
        case .input(let type):
            guard type == nil || type == .float32 else { throw request.unsupported("inputs are float32 images or rows") }
            return
        case .convolution, .transposedConvolution:
            kernel = try ConvolutionKernel(request, parameters: &parameters)
        case .dense(let units, let bias):
            kernel = try DenseKernel(request, units: units, bias: bias, parameters: &parameters)
        case .batchNormalization:
            kernel = try BatchNormalizationKernel(request, parameters: &parameters)
        case .activation(let function):
            kernel = try ActivationKernel(request, function: function)
        case .softmax(let axis):
            kernel = try SoftmaxKernel(request, axis: axis)
        case .pooling(let pooling) where pooling.kind == .max && isUnpooled(i):
            kernel = try IndexedMaxPoolingKernel(request, pooling: pooling)
        case .pooling, .globalPooling:
            let node = step.forwardNodes[plan.groupOf[i]]
            kernel = try PoolingKernel(request, indexBytes: step.part(.indices, of: i, in: node)?.bytes)
        case .maxUnpooling:
            kernel = try MaxUnpoolingKernel(request)
        case .binary(.add):
            kernel = try AdditionKernel(request)
        case .concatenation(let axis):
            kernel = try ConcatenationKernel(request, axis: axis)
        case .upsampling(_, let mode):
            kernel = try UpsamplingKernel(request, mode: mode)
        case .dropout(let rate):
            kernel = try DropoutKernel(request, rate: rate, seed: seed)
        case .softmaxCrossEntropy(let axis):
            kernel = try SoftmaxCrossEntropyKernel(request, classAxis: axis, labelsOffset: constants.labels[i]!.offset,
                                                   loss: loss)
        case .view:
            let source = layers[plan.storage[i]].shape
            guard isLayoutPreserving(source, layer.shape) else {
                throw request.unsupported("a view from \(source) to \(layer.shape) reorders elements in the runtime's "
                    + "channels-last layout; views run when they flatten an image to rows or keep its layout")
            }
            return
        default:
            throw request.unsupported("no kernel for \(layer.operation.family)")
        }
        if plan.hasBackward[i], kernel.reads != plan.backwardReads(i) {
            throw .rulesDisagree(layer: layer.name, reason: "its backward kernel reads \(kernel.reads), "
                + "the graph keeps \(plan.backwardReads(i))")
        }
        layerKernels[i] = kernel
    }

    /// Whether a view from `source` to `view` reads the same bytes in the same
    /// order under the runtime's layouts: the same shape, an image or rows
    /// flattened to rows of the batch, or an image of one pixel as rows and back.
    private func isLayoutPreserving(_ source: TensorShape, _ view: TensorShape) -> Bool {
        if source == view { return true }
        let onePixel = { (shape: TensorShape) in shape.rank == 4 && shape[2] == 1 && shape[3] == 1 }
        let rows = { (shape: TensorShape) in shape.rank == 2 || onePixel(shape) }
        guard source.rank >= 1, view.rank >= 1, source[0] == view[0] else { return false }
        return (view.rank == 2 && (source.rank == 4 || source.rank == 2)) || (rows(source) && rows(view) && source[1] == view[1])
    }

    /// Whether a max unpooling reads layer `i`'s indices.
    private func isUnpooled(_ i: Int) -> Bool {
        layers.contains { layer in
            if case .maxUnpooling = layer.operation { return plan.storage[layer.inputs[1]] == i }
            return false
        }
    }

    // MARK: Locations

    /// The position of node `u` among node `v`'s inputs, or why the graph does not give it.
    private func position(of u: Int, in v: Int, for layer: Int, _ what: String) throws(ProgramError) -> Int {
        guard let position = graph.nodes[v].inputs.firstIndex(of: u) else {
            throw .rulesDisagree(layer: layers[layer].name,
                                 reason: "node '\(graph.nodes[v].name)' needs \(what), which the graph does not give it")
        }
        return position
    }

    /// Where node `v` reads layer `i`'s value (through views), for a kernel of layer `reader`.
    private func value(of i: Int, in v: Int, for reader: Int) throws(ProgramError) -> Location {
        let s = plan.storage[i]
        if case .input = layers[s].operation { return .constant(offset: constants.inputs[s]!.offset) }
        guard let u = step.valueNode(s), let part = step.part(.value, of: s, in: u) else {
            throw .rulesDisagree(layer: layers[reader].name, reason: "no node holds the value of '\(layers[s].name)'")
        }
        return .input(position: try position(of: u, in: v, for: reader, "the value of '\(layers[s].name)'"),
                      offset: part.offset)
    }

    /// Where the backward node `b` reads the value of member `m` of group `g`, which the group's forward node keeps.
    private func memberValue(_ m: Int, group g: Int, in b: Int) throws(ProgramError) -> Location {
        let f = step.forwardNodes[g]
        guard let part = step.part(.value, of: m, in: f) else {
            throw .rulesDisagree(layer: layers[m].name,
                                 reason: "its backward kernel reads its value, which node '\(graph.nodes[f].name)' does not keep")
        }
        return .input(position: try position(of: f, in: b, for: m, "the value of '\(layers[m].name)'"), offset: part.offset)
    }

    /// Where node `v` reads the maxima's positions that layer `i` (a max pooling, or a max unpooling's pooling) keeps.
    private func indices(for i: Int, in v: Int) throws(ProgramError) -> Location {
        var pool = i
        if case .maxUnpooling = layers[i].operation { pool = plan.storage[layers[i].inputs[1]] }
        let f = step.forwardNodes[plan.groupOf[pool]]
        guard let part = step.part(.indices, of: pool, in: f) else {
            throw .rulesDisagree(layer: layers[i].name, reason: "'\(layers[pool].name)' keeps no positions of its maxima")
        }
        if f == v { return .output(offset: part.offset) }
        return .input(position: try position(of: f, in: v, for: i, "the maxima's positions of '\(layers[pool].name)'"),
                      offset: part.offset)
    }

    // MARK: Node kernels

    /// The forward node of group `g`: each layer in order, the first reading
    /// the node's inputs, each other the one before it; a layer writes its part
    /// when the node keeps it, else the node's value part, which the next
    /// (pointwise) layer then overwrites, in place or not.
    private func forwardKernel(_ g: Int) throws(ProgramError) -> NodeKernel {
        let members = plan.groups[g]
        let f = step.forwardNodes[g]
        let statistics = plan.forwardWorkspace(g)
        let scratch = Location.workspace(offset: ArenaPlan.aligned(statistics))
        func slot(_ m: Int) -> Location {
            .output(offset: m == members.last! ? 0 : step.part(.value, of: m, in: f)?.offset ?? 0)
        }
        var calls: [NodeKernel.Call] = []
        var scratchBytes = 0
        for (k, m) in members.enumerated() {
            guard let kernel = layerKernels[m] else { continue }
            var call = LayerCall(kernel: kernel)
            call.inputs = k == 0 ? try layers[m].inputs.map { (input: Int) throws(ProgramError) -> Location? in
                try value(of: input, in: f, for: m)
            } : [slot(members[k - 1])]
            call.output = slot(m)
            if plan.keepsIndices[m] || isUnpooling(m) { call.indices = try indices(for: m, in: f) }
            if kernel is DropoutKernel, let mask = step.maskNodes[g] {
                call.mask = .input(position: try position(of: mask, in: f, for: m, "its mask"), offset: 0)
            }
            if plan.statisticsBytes(m) > 0 { call.statistics = .workspace(offset: 0) }
            call.scratch = scratch
            scratchBytes = max(scratchBytes, kernel.forwardScratchBytes)
            calls.append(.forward(call))
        }
        try checkWorkspace(of: f, graph: statistics, layer: members.last!)
        return NodeKernel(calls: calls, workspaceBytes: workspace(ArenaPlan.aligned(statistics), scratchBytes))
    }

    /// The backward node of group `g`: the gradient at the group's value
    /// (the sum of its readers' gradients, into the gradient in flight when
    /// there are several), then each layer's backward from the last to the
    /// first, the first writing the gradients at the node's inputs.
    private func backwardKernel(_ g: Int, node b: Int) throws(ProgramError) -> NodeKernel {
        let members = plan.groups[g]
        let (head, last) = (members[0], members.last!)
        let withBackward = members.filter { plan.hasBackward[$0] }
        var incoming: [Location] = []
        for user in plan.gradientUsers[last] {
            guard let node = step.backwardNodes[plan.groupOf[user]] else { continue }
            guard let part = step.part(.gradient, of: last, in: node) else {
                throw .rulesDisagree(layer: layers[user].name, reason: "its gradient output has no part for '\(layers[last].name)'")
            }
            incoming.append(.input(position: try position(of: node, in: b, for: last, "the gradient of '\(layers[user].name)'"),
                                   offset: part.offset))
        }
        let headGradients = zip(layers[head].inputs, plan.inputsNeedingGradient(head)).map { input, needed -> Location? in
            guard needed, let part = step.part(.gradient, of: plan.storage[input], in: b) else { return nil }
            return .output(offset: part.offset)
        }
        let statistics = members.map(plan.statisticsBytes).max() ?? 0
        let headHasGradient = headGradients.contains { $0 != nil }
        let hosted = plan.hasBackward[head] && layers[head].operation.hasInPlaceGradient && headHasGradient
        // oneDNN's batch norm backward always writes the input's gradient, needed or not.
        let discardsGradient = layers[head].operation == .batchNormalization && !headHasGradient
        let inFlightBytes = layers[head].shape.elementCount * 4
        let needsInFlight = discardsGradient || ((withBackward.count > 1 || incoming.count > 1) && !hosted)
        try checkWorkspace(of: b, graph: statistics + (needsInFlight ? inFlightBytes : 0), layer: head)
        let inFlight = Location.workspace(offset: ArenaPlan.aligned(statistics))
        let gradientWorkspace = ArenaPlan.aligned(statistics) + (needsInFlight ? ArenaPlan.aligned(inFlightBytes) : 0)
        let scratch = Location.workspace(offset: gradientWorkspace)
        let chain: Location? = hosted ? headGradients.compactMap { $0 }.first : needsInFlight ? inFlight : nil

        var calls: [NodeKernel.Call] = []
        var scratchBytes = 0
        var gradient = incoming.first
        if incoming.count > 1, let chain {
            let sum = try sumPrimitive(count: incoming.count, shape: layers[last].shape, layer: last)
            calls.append(.sum(sum, sources: incoming, destination: chain, scratch: scratch))
            scratchBytes = sum.scratchpadBytes
            gradient = chain
        }
        for m in withBackward.reversed() {
            let kernel = layerKernels[m]!
            let reads = kernel.reads
            var call = LayerCall(kernel: kernel)
            call.inputs = try layers[m].inputs.indices.map { (p: Int) throws(ProgramError) -> Location? in
                guard reads.inputs.contains(p) else { return nil }
                return m == head ? try value(of: layers[m].inputs[p], in: b, for: m)
                    : try memberValue(members[members.firstIndex(of: m)! - 1], group: g, in: b)
            }
            if reads.output { call.output = try memberValue(m, group: g, in: b) }
            if reads.indices || isUnpooling(m) { call.indices = try indices(for: m, in: b) }
            if reads.mask, let mask = step.maskNodes[g] {
                call.mask = .input(position: try position(of: mask, in: b, for: m, "its mask"), offset: 0)
            }
            if plan.statisticsBytes(m) > 0 { call.statistics = .workspace(offset: 0) }
            call.outputGradient = gradient
            call.inputGradients = m != head ? [chain] : discardsGradient ? [inFlight] : headGradients
            call.scratch = scratch
            scratchBytes = max(scratchBytes, kernel.backwardScratchBytes)
            calls.append(.backward(call))
            gradient = chain
        }
        return NodeKernel(calls: calls, workspaceBytes: workspace(gradientWorkspace, scratchBytes))
    }

    private func isUnpooling(_ m: Int) -> Bool {
        if case .maxUnpooling = layers[m].operation { return true }
        return false
    }

    /// Checks that the graph budgets the workspace the kernels need besides scratch space.
    private func checkWorkspace(of v: Int, graph bytes: Int, layer: Int) throws(ProgramError) {
        guard graph.nodes[v].workspace == bytes else {
            throw .rulesDisagree(layer: layers[layer].name, reason: "node '\(graph.nodes[v].name)' needs \(bytes) bytes "
                + "of workspace, the graph budgets \(graph.nodes[v].workspace)")
        }
    }

    /// The workspace of a node: its graph part (aligned) and its scratch, or nothing when both are empty.
    private func workspace(_ graphPart: Int, _ scratch: Int) -> Int {
        scratch > 0 ? graphPart + scratch : graphPart
    }

    /// A oneDNN sum of `count` tensors of `shape`.
    private func sumPrimitive(count: Int, shape: TensorShape, layer: Int) throws(ProgramError) -> Primitive {
        do {
            var sources = Array(repeating: try dnnl_memory_desc_t.activation(shape.dimensions), count: count)
            var destination = sources[0]
            let scales = [Float](repeating: 1, count: count)
            return try Primitive(engine, arguments: (0..<count).map { DNNL_ARG_MULTIPLE_SRC + Int32($0) } + [DNNL_ARG_DST]) { pd, a in
                dnnl_sum_primitive_desc_create(&pd, &destination, Int32(count), scales, &sources, a, engine.engine)
            }
        } catch {
            throw .library(layer: layers[layer].name, error: error)
        }
    }
}
