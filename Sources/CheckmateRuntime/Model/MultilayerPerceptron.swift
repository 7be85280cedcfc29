import Checkmate

/// A multilayer perceptron trained with softmax cross-entropy: the model
/// whose training step the runtime executes.
///
/// Layer `l` maps `widths[l]` values to `widths[l + 1]` with `relu(x W + b)`,
/// except the last, whose `x W + b` are the logits of `widths.last` classes.
/// Parameters, the batch and its labels are drawn from `seed`, so a model
/// always builds the same step.
///
///     let model = MultilayerPerceptron(layers: 8, width: 256, batch: 64)
///     let program = model.program()   // 8 forward nodes, the loss, 15 backward nodes
public struct MultilayerPerceptron: Hashable, Sendable {
    /// The input width, then each layer's output width.
    public var widths: [Int]
    /// Rows per batch.
    public var batch: Int
    /// The seed of the parameters, the batch and the labels.
    public var seed: UInt64

    /// A model with `widths.count - 1` layers. Every width and the batch must be positive.
    public init(widths: [Int], batch: Int, seed: UInt64 = 1) {
        precondition(widths.count >= 2 && widths.allSatisfy { $0 > 0 } && batch > 0, "a perceptron needs a layer and positive sizes")
        self.widths = widths
        self.batch = batch
        self.seed = seed
    }

    /// `layers` layers of `width` values, and `width` classes.
    public init(layers: Int, width: Int, batch: Int, seed: UInt64 = 1) {
        self.init(widths: Array(repeating: width, count: layers + 1), batch: batch, seed: seed)
    }

    /// The number of dense layers.
    public var layerCount: Int { widths.count - 1 }

    /// The name of the model's training graph, such as `mlp8x256-b64`, or
    /// `mlp-4-16-3-b8` when the widths differ.
    public var name: String {
        if Set(widths).count == 1 { return "mlp\(layerCount)x\(widths[0])-b\(batch)" }
        return "mlp-\(widths.map(String.init).joined(separator: "-"))-b\(batch)"
    }
}
