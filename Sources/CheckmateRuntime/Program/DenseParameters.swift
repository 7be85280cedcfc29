/// The weights and bias of one dense layer, or their gradients.
///
/// `weights` is the `inputWidth` by `outputWidth` matrix in row-major order,
/// so that a layer computes `x W + b` for a row `x`.
public struct DenseParameters: Hashable, Sendable {
    public var weights: [Float]
    public var bias: [Float]

    public init(weights: [Float], bias: [Float]) {
        self.weights = weights
        self.bias = bias
    }

    /// Zeros for a layer from `inputWidth` to `outputWidth` values.
    public init(inputWidth: Int, outputWidth: Int) {
        self.init(weights: Array(repeating: 0, count: inputWidth * outputWidth),
                  bias: Array(repeating: 0, count: outputWidth))
    }

    /// The number of floats.
    public var count: Int { weights.count + bias.count }
}
