import Foundation

/// The kernels of a multilayer perceptron, in row-major float32 with
/// OpenBLAS products. Each layer maps `batch` rows of `inputWidth` values to
/// `outputWidth` values; layer 0 reads the batch in ``StepTensors/input``.
extension Kernel {
    /// `relu(x W + b)`, or `x W + b` without `relu`: the output of `layer`,
    /// reading the previous layer's output (its only input) or the batch.
    static func dense(layer: Int, batch: Int, inputWidth: Int, outputWidth: Int, relu: Bool) -> Kernel {
        Kernel(outputCount: batch * outputWidth) { inputs, output, tensors in
            let parameters = tensors.parameters[layer]
            withLayerInput(inputs.first, tensors.input) { x in
                parameters.weights.withUnsafeBufferPointer { w in
                    Matrix.multiply(Matrix(x, rows: batch, columns: inputWidth),
                                    by: Matrix(w, rows: inputWidth, columns: outputWidth), into: output)
                }
            }
            for row in 0..<batch {
                for column in 0..<outputWidth {
                    let value = output[row * outputWidth + column] + parameters.bias[column]
                    output[row * outputWidth + column] = relu ? max(value, 0) : value
                }
            }
        }
    }

    /// The mean softmax cross-entropy of the logits (its only input) against
    /// ``StepTensors/labels``: it writes the loss to ``StepTensors/loss`` and
    /// outputs the loss's gradient with respect to the logits, as
    /// TensorFlow's `SoftmaxCrossEntropyWithLogits` does.
    static func softmaxCrossEntropy(batch: Int, classes: Int) -> Kernel {
        Kernel(outputCount: batch * classes) { inputs, output, tensors in
            let logits = inputs[0]
            let scale = 1 / Float(batch)
            var total = 0.0
            for row in 0..<batch {
                let start = row * classes
                let largest = logits[start..<start + classes].max()!
                var sum: Float = 0
                for i in start..<start + classes {
                    output[i] = exp(logits[i] - largest)
                    sum += output[i]
                }
                let label = start + Int(tensors.labels[row])
                total += Double(log(sum) + largest - logits[label])
                for i in start..<start + classes {
                    output[i] = (output[i] / sum - (i == label ? 1 : 0)) * scale
                }
            }
            tensors.loss = Float(total / Double(batch))
        }
    }

    /// The loss's gradient with respect to the pre-activation of the layer
    /// before `layer`: `(delta Wᵀ) ⊙ [h > 0]`, reading `delta` (the gradient
    /// at `layer`'s pre-activation) and `h` (the previous layer's output).
    static func denseInputGradient(layer: Int, batch: Int, inputWidth: Int, outputWidth: Int) -> Kernel {
        Kernel(outputCount: batch * inputWidth) { inputs, output, tensors in
            let (delta, activation) = (inputs[0], inputs[1])
            tensors.parameters[layer].weights.withUnsafeBufferPointer { w in
                Matrix.multiply(Matrix(delta, rows: batch, columns: outputWidth),
                                by: Matrix(w, rows: inputWidth, columns: outputWidth).transposed(), into: output)
            }
            for i in output.indices where activation[i] <= 0 { output[i] = 0 }
        }
    }

    /// The gradients of `layer`'s weights (`xᵀ delta`) and bias (the column
    /// sums of `delta`), written to ``StepTensors/gradients``; the node's own
    /// output is empty. It reads the layer's input (the previous layer's
    /// output, or the batch) and `delta`, its last input.
    static func denseParameterGradient(layer: Int, batch: Int, inputWidth: Int, outputWidth: Int) -> Kernel {
        Kernel(outputCount: 0) { inputs, _, tensors in
            let delta = inputs[inputs.count - 1]
            let batchInput = tensors.input
            tensors.gradients[layer].weights.withUnsafeMutableBufferPointer { dw in
                withLayerInput(inputs.count == 2 ? inputs[0] : nil, batchInput) { x in
                    Matrix.multiply(Matrix(x, rows: batch, columns: inputWidth).transposed(),
                                    by: Matrix(delta, rows: batch, columns: outputWidth), into: dw)
                }
            }
            tensors.gradients[layer].bias.withUnsafeMutableBufferPointer { db in
                for column in 0..<outputWidth {
                    db[column] = 0
                    for row in 0..<batch { db[column] += delta[row * outputWidth + column] }
                }
            }
        }
    }
}

/// Calls `body` with a layer's input: the previous layer's output when
/// there is one, else the batch.
private func withLayerInput(
    _ previous: UnsafeBufferPointer<Float>?, _ batch: [Float], _ body: (UnsafeBufferPointer<Float>) -> Void
) {
    if let previous { body(previous) } else { batch.withUnsafeBufferPointer(body) }
}
