import Checkmate

/// What executing a schedule measured.
public struct Execution: Sendable {
    /// The replay of the schedule: the peak and cost the rules promise.
    public var replay: Replay
    /// The largest number of bytes held while a kernel ran: the step's
    /// tensors, the live output buffers and the new output.
    public var peakMemory: Int
    /// The number of kernels run.
    public var computeCount: Int
    /// Wall-clock seconds from the first step to the last.
    public var seconds: Double
    /// The mean loss of the batch.
    public var loss: Float
    /// Each layer's weight and bias gradients.
    public var gradients: [DenseParameters]

    /// The largest absolute difference between a gradient here and in `other`.
    public func maxGradientDifference(from other: Execution) -> Float {
        zip(gradients, other.gradients).reduce(0) { largest, pair in
            let weights = zip(pair.0.weights, pair.1.weights).map { abs($0 - $1) }.max() ?? 0
            let bias = zip(pair.0.bias, pair.1.bias).map { abs($0 - $1) }.max() ?? 0
            return max(largest, weights, bias)
        }
    }

    /// Whether every gradient and the loss have the same bits as in `other`.
    public func hasIdenticalResults(to other: Execution) -> Bool {
        func bits(_ values: [Float]) -> [UInt32] { values.map(\.bitPattern) }
        return loss.bitPattern == other.loss.bitPattern && gradients.count == other.gradients.count
            && zip(gradients, other.gradients).allSatisfy {
                bits($0.weights) == bits($1.weights) && bits($0.bias) == bits($1.bias)
            }
    }
}
