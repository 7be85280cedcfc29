import CDNNL
import CheckmateModels

/// Batch normalization in training mode: the batch's mean and variance per
/// channel, then `scale (x - mean) / sqrt(variance + 1e-5) + shift`, on oneDNN.
///
/// The statistics are computed by ``BatchStatistics`` into the node's
/// workspace, by the forward node and again, from the same input and so to
/// the same bits, by the backward node; oneDNN normalizes with them
/// (`dnnl_use_global_stats`) and computes the training gradient from them.
final class BatchNormalizationKernel: LayerKernel {
    private let forwardPrimitive: Primitive
    private let backwardPrimitive: Primitive?
    private let statistics: BatchStatistics
    private let scale: ParameterBlock
    private let shift: ParameterBlock

    let reads = BackwardReads(inputs: [0])

    init(_ request: KernelRequest, parameters: inout ParameterTable) throws(ProgramError) {
        let x = request.inputShapes[0].dimensions
        guard x.count == 4 || x.count == 2 else { throw request.unsupported("batch norm runs on images or rows, not \(request.inputShapes[0])") }
        let channels = x[1]
        statistics = BatchStatistics(rows: x.count == 4 ? x[0] * x[2] * x[3] : x[0], channels: channels)
        let engine = request.engine
        let flags = dnnl_use_scale.rawValue | dnnl_use_shift.rawValue
        (forwardPrimitive, backwardPrimitive) = try request.library { () throws(DNNLError) in
            var data = try dnnl_memory_desc_t.activation(x)
            var forward = dnnl_batch_normalization_desc_t()
            try check(dnnl_batch_normalization_forward_desc_init(
                &forward, dnnl_forward_training, &data, 1e-5, flags | dnnl_use_global_stats.rawValue),
                "dnnl_batch_normalization_forward_desc_init")
            let forwardPrimitive = try Primitive(engine, arguments: [DNNL_ARG_SRC, DNNL_ARG_MEAN, DNNL_ARG_VARIANCE,
                                                                     DNNL_ARG_SCALE, DNNL_ARG_SHIFT, DNNL_ARG_DST]) { pd, a in
                dnnl_primitive_desc_create(&pd, &forward, a, engine.engine, nil)
            }
            guard request.hasBackward else { return (forwardPrimitive, nil) }
            var backward = dnnl_batch_normalization_desc_t()
            try check(dnnl_batch_normalization_backward_desc_init(&backward, dnnl_backward, &data, &data, 1e-5, flags),
                      "dnnl_batch_normalization_backward_desc_init")
            let backwardPrimitive = try Primitive(
                engine, arguments: [DNNL_ARG_SRC, DNNL_ARG_MEAN, DNNL_ARG_VARIANCE, DNNL_ARG_DIFF_DST, DNNL_ARG_SCALE,
                                    DNNL_ARG_SHIFT, DNNL_ARG_DIFF_SRC, DNNL_ARG_DIFF_SCALE, DNNL_ARG_DIFF_SHIFT]) { pd, a in
                dnnl_primitive_desc_create(&pd, &backward, a, engine.engine, forwardPrimitive.descriptor)
            }
            return (forwardPrimitive, backwardPrimitive)
        }
        let name = request.layer.name
        scale = parameters.allocate(channels, name: "\(name).scale", .uniform(low: 0.5, high: 1.5))
        shift = parameters.allocate(channels, name: "\(name).shift", .uniform(low: -0.1, high: 0.1))
    }

    var forwardScratchBytes: Int { max(statistics.scratchBytes, forwardPrimitive.scratchpadBytes) }
    var backwardScratchBytes: Int { max(statistics.scratchBytes, backwardPrimitive?.scratchpadBytes ?? 0) }

    func forward(_ memory: LayerMemory) {
        let (mean, variance) = statistics.compute(memory.inputs[0]!, into: memory.statistics!, scratch: memory.scratch)
        forwardPrimitive.run([memory.inputs[0]!, mean, variance, UnsafeMutableRawPointer(scale.values(memory.constants)),
                              UnsafeMutableRawPointer(shift.values(memory.constants)), memory.output!],
                             scratchpad: memory.scratch)
    }

    func backward(_ memory: LayerMemory) {
        let (mean, variance) = statistics.compute(memory.inputs[0]!, into: memory.statistics!, scratch: memory.scratch)
        let c = memory.constants
        backwardPrimitive!.run(
            [memory.inputs[0]!, mean, variance, memory.outputGradient!, UnsafeMutableRawPointer(scale.values(c)),
             UnsafeMutableRawPointer(shift.values(c)), memory.inputGradients[0]!,
             UnsafeMutableRawPointer(scale.gradients(c)), UnsafeMutableRawPointer(shift.gradients(c))],
            scratchpad: memory.scratch)
    }
}

/// The mean and (biased) variance of each channel of a channels-last tensor:
/// `rows` rows of `channels` floats, summed in double precision row by row
/// (so the result does not depend on any thread count), the sums in the
/// kernel's scratch space.
struct BatchStatistics {
    let rows: Int
    let channels: Int

    /// Scratch bytes: a sum and a sum of squares per channel.
    var scratchBytes: Int { 2 * channels * MemoryLayout<Double>.stride }

    /// Writes the means, then the variances (float32), to `statistics`; returns where each starts.
    func compute(_ input: UnsafeMutableRawPointer, into statistics: UnsafeMutableRawPointer,
                 scratch: UnsafeMutableRawPointer?) -> (mean: UnsafeMutableRawPointer, variance: UnsafeMutableRawPointer) {
        let x = input.assumingMemoryBound(to: Float.self)
        let sum = scratch!.bindMemory(to: Double.self, capacity: 2 * channels), squares = sum + channels
        sum.update(repeating: 0, count: 2 * channels)
        for row in 0..<rows {
            let values = x + row * channels
            for c in 0..<channels {
                let v = Double(values[c])
                sum[c] += v
                squares[c] += v * v
            }
        }
        let mean = statistics.bindMemory(to: Float.self, capacity: 2 * channels), variance = mean + channels
        for c in 0..<channels {
            let m = sum[c] / Double(rows)
            mean[c] = Float(m)
            variance[c] = Float(max(squares[c] / Double(rows) - m * m, 0))
        }
        return (UnsafeMutableRawPointer(mean), UnsafeMutableRawPointer(variance))
    }
}
