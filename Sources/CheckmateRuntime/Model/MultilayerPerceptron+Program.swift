import Checkmate

extension MultilayerPerceptron {
    /// The training step as a ``TrainingProgram``.
    ///
    /// With `L` layers the graph has `3L` nodes, in this order: the forward
    /// node `dense{l}` of each layer (`relu(x W + b)`, reading the previous
    /// one); `loss`, the softmax cross-entropy of the logits, whose output is
    /// its gradient with respect to them; then, from the last layer down,
    /// `grad_params{l}` (the layer's weight and bias gradients, reading the
    /// layer's input and the gradient at its pre-activation) and, above the
    /// first layer, `grad_dense{l-1}` (the gradient at the previous layer's
    /// pre-activation, reading that gradient and the previous output).
    ///
    /// `memory` is each output's float32 bytes and `cost` its floating-point
    /// operations. `constantMemory` (`M0`) is the batch, its labels, the
    /// parameters, their gradients and the loss scalar: the parameter
    /// gradients are written in place into `M0`, as the semantics count them,
    /// so their nodes output nothing (`memory` 0) and a schedule may free or
    /// recompute them without losing a gradient.
    public func program() -> TrainingProgram {
        let (graph, kernels) = graphAndKernels()
        return TrainingProgram(graph: graph, kernels: kernels, tensors: initialTensors())
    }

    /// The graph of ``program()``, built without allocating any tensor.
    public var graph: TrainingGraph { graphAndKernels().graph }

    /// `M0` in bytes: the batch, its labels, the parameters, their gradients and the loss.
    public var constantMemory: Int {
        let parameters = (0..<layerCount).reduce(0) { $0 + (widths[$1] + 1) * widths[$1 + 1] }
        return (batch * widths[0] + 2 * parameters + 1) * MemoryLayout<Float>.stride + batch * MemoryLayout<Int32>.stride
    }

    private func graphAndKernels() -> (graph: TrainingGraph, kernels: [Kernel]) {
        var nodes: [Node] = []
        var kernels: [Kernel] = []
        func add(_ name: String, _ kind: Node.Kind, cost: Int, inputs: [Int], shape: [Int], _ kernel: Kernel) -> Int {
            nodes.append(Node(
                id: nodes.count, name: name, kind: kind, cost: Double(cost), memory: kernel.outputBytes, inputs: inputs,
                metadata: ["shape": .array(shape.map { .number(Double($0)) }), "dtype": .string("float32")]))
            kernels.append(kernel)
            return nodes.count - 1
        }
        let layers = 0..<layerCount
        var forward: [Int] = []
        for l in layers {
            let (input, output) = (widths[l], widths[l + 1])
            let relu = l < layerCount - 1
            forward.append(add(
                "dense\(l)", .forward, cost: 2 * batch * input * output + batch * output * (relu ? 2 : 1),
                inputs: l > 0 ? [forward[l - 1]] : [], shape: [batch, output],
                .dense(layer: l, batch: batch, inputWidth: input, outputWidth: output, relu: relu)))
        }
        let classes = widths[layerCount]
        var delta = add("loss", .loss, cost: 5 * batch * classes, inputs: [forward[layerCount - 1]], shape: [batch, classes],
                        .softmaxCrossEntropy(batch: batch, classes: classes))
        for l in layers.reversed() {
            let (input, output) = (widths[l], widths[l + 1])
            _ = add(
                "grad_params\(l)", .backward, cost: 2 * batch * input * output + batch * output,
                inputs: (l > 0 ? [forward[l - 1]] : []) + [delta], shape: [0],
                .denseParameterGradient(layer: l, batch: batch, inputWidth: input, outputWidth: output))
            guard l > 0 else { break }
            delta = add(
                "grad_dense\(l - 1)", .backward, cost: 2 * batch * input * output + batch * input,
                inputs: [delta, forward[l - 1]], shape: [batch, input],
                .denseInputGradient(layer: l, batch: batch, inputWidth: input, outputWidth: output))
        }
        let graph = try! TrainingGraph(name: name, costUnit: "FLOPs", constantMemory: constantMemory, nodes: nodes)
        return (graph, kernels)
    }

    /// Parameters drawn uniformly within He's bound `sqrt(6 / inputWidth)`,
    /// small random biases, a batch uniform in `[-1, 1]` and random labels.
    func initialTensors() -> StepTensors {
        var random = SplitMix64(seed: seed)
        func uniform(_ count: Int, _ bound: Float) -> [Float] {
            (0..<count).map { _ in Float.random(in: -bound...bound, using: &random) }
        }
        let layers = (0..<layerCount).map { l in
            DenseParameters(weights: uniform(widths[l] * widths[l + 1], (6 / Float(widths[l])).squareRoot()),
                            bias: uniform(widths[l + 1], 0.1))
        }
        return StepTensors(
            input: uniform(batch * widths[0], 1),
            labels: (0..<batch).map { _ in Int32.random(in: 0..<Int32(widths[layerCount]), using: &random) },
            parameters: layers,
            gradients: (0..<layerCount).map { DenseParameters(inputWidth: widths[$0], outputWidth: widths[$0 + 1]) },
            loss: 0)
    }
}
