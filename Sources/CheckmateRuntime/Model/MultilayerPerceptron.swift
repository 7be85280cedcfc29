import CheckmateModels

/// A multilayer perceptron trained with softmax cross-entropy, as a
/// `CheckmateModels/Network` for the runtime.
///
/// Layer `l` maps `widths[l]` values to `widths[l + 1]` with a dense layer
/// (`dense{l}`) and a ReLU (`relu{l}`), except the last, whose dense outputs
/// are the logits of `widths.last` classes.
///
///     let model = MultilayerPerceptron(layers: 8, width: 256, batch: 64)
///     let program = try TrainingProgram(network: model.network)
public struct MultilayerPerceptron: Hashable, Sendable {
    /// The input width, then each layer's output width.
    public var widths: [Int]
    /// Rows per batch.
    public var batch: Int

    /// A model with `widths.count - 1` layers. Every width and the batch must be positive.
    public init(widths: [Int], batch: Int) {
        precondition(widths.count >= 2 && widths.allSatisfy { $0 > 0 } && batch > 0, "a perceptron needs a layer and positive sizes")
        self.widths = widths
        self.batch = batch
    }

    /// `layers` layers of `width` values, and `width` classes.
    public init(layers: Int, width: Int, batch: Int) {
        self.init(widths: Array(repeating: width, count: layers + 1), batch: batch)
    }

    /// The number of dense layers.
    public var layerCount: Int { widths.count - 1 }

    /// The name of the model's training graph, such as `mlp8x256-b64`, or
    /// `mlp-4-16-3-b8` when the widths differ.
    public var name: String {
        if Set(widths).count == 1 { return "mlp\(layerCount)x\(widths[0])-b\(batch)" }
        return "mlp-\(widths.map(String.init).joined(separator: "-"))-b\(batch)"
    }

    /// The network: dense layers with ReLU between them, and the loss.
    public var network: Network {
        var b = NetworkBuilder(name: name, input: [batch, widths[0]])
        var x = b.input
        for l in 0..<layerCount {
            x = b.dense(x, units: widths[l + 1], name: "dense\(l)")
            if l < layerCount - 1 { x = b.relu(x, name: "relu\(l)") }
        }
        _ = b.softmaxCrossEntropy(x)
        do {
            return try b.build()
        } catch {
            preconditionFailure("a perceptron with positive sizes builds: \(error)")
        }
    }
}
