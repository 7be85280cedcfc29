import CheckmateModels
import Foundation

/// The loss: the mean over positions of softmax cross-entropy between the
/// logits and integer labels (`int64`, one per position, in the constant
/// memory). Forward, it outputs the log-probabilities and records the loss;
/// backward, it reads them: the gradient is `(softmax - onehot) / positions`.
///
/// Classes lie along axis 1: `[batch, classes]`, or `[batch, classes, H, W]`
/// channels-last, so each position's classes are contiguous.
final class SoftmaxCrossEntropyKernel: LayerKernel {
    private let positions: Int, classes: Int
    /// Where the labels start in the arena.
    let labelsOffset: Int
    private let loss: LossRecord
    let reads = BackwardReads(output: true)
    let forwardScratchBytes = 0
    let backwardScratchBytes = 0

    init(_ request: KernelRequest, classAxis: Int, labelsOffset: Int, loss: LossRecord) throws(ProgramError) {
        let logits = request.inputShapes[0]
        guard logits.normalized(axis: classAxis) == 1, logits.rank == 2 || logits.rank == 4 else {
            throw request.unsupported("the loss runs with classes along axis 1 of rows or images, not axis \(classAxis) of \(logits)")
        }
        classes = logits[1]
        positions = logits.elementCount / classes
        self.labelsOffset = labelsOffset
        self.loss = loss
    }

    func forward(_ memory: LayerMemory) {
        let x = memory.inputs[0]!.assumingMemoryBound(to: Float.self)
        let logProbabilities = memory.output!.assumingMemoryBound(to: Float.self)
        let labels = (memory.constants.base + labelsOffset).assumingMemoryBound(to: Int64.self)
        var total = 0.0
        for p in 0..<positions {
            let row = x + p * classes, out = logProbabilities + p * classes
            var largest = -Float.infinity
            for k in 0..<classes { largest = max(largest, row[k]) }
            var sum: Float = 0
            for k in 0..<classes { sum += exp(row[k] - largest) }
            let shift = largest + log(sum)
            for k in 0..<classes { out[k] = row[k] - shift }
            total -= Double(out[Int(labels[p])])
        }
        loss.value = Float(total / Double(positions))
    }

    func backward(_ memory: LayerMemory) {
        let logProbabilities = memory.output!.assumingMemoryBound(to: Float.self)
        let gradient = memory.inputGradients[0]!.assumingMemoryBound(to: Float.self)
        let labels = (memory.constants.base + labelsOffset).assumingMemoryBound(to: Int64.self)
        let scale = 1 / Float(positions)
        for p in 0..<positions {
            for k in 0..<classes { gradient[p * classes + k] = exp(logProbabilities[p * classes + k]) * scale }
            gradient[p * classes + Int(labels[p])] -= scale
        }
    }
}

/// The loss value of the last step, written by the loss kernel.
final class LossRecord {
    var value: Float = .nan
}
