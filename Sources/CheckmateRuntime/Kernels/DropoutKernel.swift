import CheckmateModels

/// Dropout in training mode: `x * mask / (1 - rate)`, the mask drawn by the
/// graph's mask node from the seed, the layer and the position, so a
/// recomputed mask is the same.
final class DropoutKernel: LayerKernel {
    private let count: Int
    private let rate: Double
    private let seed: UInt64
    let reads = BackwardReads(mask: true)
    let forwardScratchBytes = 0
    let backwardScratchBytes = 0

    init(_ request: KernelRequest, rate: Double, seed: UInt64) throws(ProgramError) {
        guard rate >= 0, rate < 1 else { throw request.unsupported("the dropout rate \(rate) is not in [0, 1)") }
        count = request.output.elementCount
        self.rate = rate
        self.seed = seed ^ (UInt64(request.index) &* 0xD1B5_4A32_D192_ED03)
    }

    /// Draws the mask: 1 where the element is kept, 0 where it is dropped.
    func drawMask(into mask: UnsafeMutableRawPointer) {
        let bytes = mask.assumingMemoryBound(to: UInt8.self)
        for i in 0..<count { bytes[i] = Double(uniformValue(seed: seed, index: UInt64(i))) >= rate ? 1 : 0 }
    }

    func forward(_ memory: LayerMemory) {
        scale(memory.inputs[0]!, into: memory.output!, mask: memory.mask!)
    }

    func backward(_ memory: LayerMemory) {
        scale(memory.outputGradient!, into: memory.inputGradients[0]!, mask: memory.mask!)
    }

    /// `output = input * mask / (1 - rate)`; `output` may be `input`.
    private func scale(_ input: UnsafeMutableRawPointer, into output: UnsafeMutableRawPointer, mask: UnsafeMutableRawPointer) {
        let (x, y) = (input.assumingMemoryBound(to: Float.self), output.assumingMemoryBound(to: Float.self))
        let keep = mask.assumingMemoryBound(to: UInt8.self)
        let factor = Float(1 / (1 - rate))
        for i in 0..<count { y[i] = x[i] * Float(keep[i]) * factor }
    }
}
