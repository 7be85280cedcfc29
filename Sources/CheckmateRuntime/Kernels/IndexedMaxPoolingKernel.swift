import CheckmateModels

/// The window geometry of a 2-D max pooling over channels-last images, and
/// the position of each output's maximum as one byte: its place in the
/// window, `kh * kernelWidth + kw`.
struct PoolingWindows {
    let batch: Int, channels: Int
    let inputHeight: Int, inputWidth: Int
    let outputHeight: Int, outputWidth: Int
    let kernel: [Int], stride: [Int], padding: [Int]

    init(input x: [Int], output y: [Int], _ pooling: Operation.Pooling) {
        (batch, channels, inputHeight, inputWidth) = (x[0], x[1], x[2], x[3])
        (outputHeight, outputWidth) = (y[2], y[3])
        (kernel, stride, padding) = (pooling.kernel, pooling.stride, pooling.paddingBefore)
    }

    /// Calls `body(output pixel, input pixel, window position)` for every
    /// output pixel and every window position inside the image; pixels count
    /// across the batch, positions in the window's row-major order.
    func forEach(_ body: (Int, Int, UInt8) -> Void) {
        for n in 0..<batch {
            for oh in 0..<outputHeight {
                for ow in 0..<outputWidth {
                    let out = (n * outputHeight + oh) * outputWidth + ow
                    for kh in 0..<kernel[0] {
                        let h = oh * stride[0] - padding[0] + kh
                        guard h >= 0, h < inputHeight else { continue }
                        for kw in 0..<kernel[1] {
                            let w = ow * stride[1] - padding[1] + kw
                            guard w >= 0, w < inputWidth else { continue }
                            body(out, (n * inputHeight + h) * inputWidth + w, UInt8(kh * kernel[1] + kw))
                        }
                    }
                }
            }
        }
    }

    /// The input pixel of window position `position` of output pixel `out`.
    func inputPixel(output out: Int, position: UInt8) -> Int {
        let ow = out % outputWidth, oh = out / outputWidth % outputHeight, n = out / (outputWidth * outputHeight)
        let h = oh * stride[0] - padding[0] + Int(position) / kernel[1]
        let w = ow * stride[1] - padding[1] + Int(position) % kernel[1]
        return (n * inputHeight + h) * inputWidth + w
    }
}

/// Max pooling that keeps the positions of its maxima in a layout of its own
/// (one byte per output element, ``PoolingWindows``), for a max unpooling to
/// read: oneDNN's workspace is opaque, so a pooling whose indices are
/// unpooled runs here. Ties go to the first position in the window.
final class IndexedMaxPoolingKernel: LayerKernel {
    let windows: PoolingWindows
    let reads = BackwardReads(indices: true)
    let forwardScratchBytes = 0
    let backwardScratchBytes = 0

    init(_ request: KernelRequest, pooling: Operation.Pooling) throws(ProgramError) {
        let x = try request.image(request.inputShapes[0]), y = try request.image(request.output)
        guard pooling.kernel.count == 2, pooling.kernel.reduce(1, *) < 256 else {
            throw request.unsupported("an unpooled max pooling needs a 2-D window of fewer than 256 positions")
        }
        windows = PoolingWindows(input: x, output: y, pooling)
    }

    func forward(_ memory: LayerMemory) {
        let c = windows.channels
        let x = memory.inputs[0]!.assumingMemoryBound(to: Float.self)
        let y = memory.output!.assumingMemoryBound(to: Float.self)
        let indices = memory.indices!.assumingMemoryBound(to: UInt8.self)
        y.update(repeating: -.infinity, count: windows.batch * windows.outputHeight * windows.outputWidth * c)
        indices.update(repeating: 0, count: windows.batch * windows.outputHeight * windows.outputWidth * c)
        windows.forEach { out, pixel, position in
            let (values, best, argmax) = (x + pixel * c, y + out * c, indices + out * c)
            for k in 0..<c where values[k] > best[k] {
                best[k] = values[k]
                argmax[k] = position
            }
        }
    }

    func backward(_ memory: LayerMemory) {
        guard let gradient = memory.inputGradients[0] else { return }
        let c = windows.channels
        let dx = gradient.assumingMemoryBound(to: Float.self)
        let dy = memory.outputGradient!.assumingMemoryBound(to: Float.self)
        let indices = memory.indices!.assumingMemoryBound(to: UInt8.self)
        dx.update(repeating: 0, count: windows.batch * windows.inputHeight * windows.inputWidth * c)
        scatter(windows, indices: indices, channels: c) { out, pixel, k in dx[pixel * c + k] += dy[out * c + k] }
    }
}

/// Calls `body(output pixel, input pixel, channel)` for each output element and the input element its index names.
func scatter(_ windows: PoolingWindows, indices: UnsafeMutablePointer<UInt8>, channels c: Int,
             _ body: (Int, Int, Int) -> Void) {
    for out in 0..<windows.batch * windows.outputHeight * windows.outputWidth {
        for k in 0..<c {
            body(out, windows.inputPixel(output: out, position: indices[out * c + k]), k)
        }
    }
}

/// Max unpooling (SegNet): each value goes to the position its pooling's
/// maximum came from, zeros elsewhere; its gradient gathers from the same
/// positions. Inputs: the values and the pooling (whose indices it reads).
final class MaxUnpoolingKernel: LayerKernel {
    let windows: PoolingWindows
    let reads = BackwardReads(inputs: [1])
    let forwardScratchBytes = 0
    let backwardScratchBytes = 0

    init(_ request: KernelRequest) throws(ProgramError) {
        let poolLayer = request.network.layers[request.layer.inputs[1]]
        guard case .pooling(let pooling) = poolLayer.operation, pooling.kind == .max,
              let poolInput = poolLayer.inputs.first else {
            throw request.unsupported("max unpooling reads the indices of a windowed max pooling")
        }
        let x = try request.image(request.network.layers[poolInput].shape), y = try request.image(poolLayer.shape)
        guard request.inputShapes[0] == poolLayer.shape else {
            throw request.unsupported("the values \(request.inputShapes[0]) differ from the pooling's output \(poolLayer.shape)")
        }
        windows = PoolingWindows(input: x, output: y, pooling)
    }

    func forward(_ memory: LayerMemory) {
        let c = windows.channels
        let x = memory.inputs[0]!.assumingMemoryBound(to: Float.self)
        let y = memory.output!.assumingMemoryBound(to: Float.self)
        y.update(repeating: 0, count: windows.batch * windows.inputHeight * windows.inputWidth * c)
        scatter(windows, indices: memory.indices!.assumingMemoryBound(to: UInt8.self), channels: c) { out, pixel, k in
            y[pixel * c + k] = x[out * c + k]
        }
    }

    func backward(_ memory: LayerMemory) {
        guard let gradient = memory.inputGradients[0] else { return }
        let c = windows.channels
        let dx = gradient.assumingMemoryBound(to: Float.self)
        let dy = memory.outputGradient!.assumingMemoryBound(to: Float.self)
        scatter(windows, indices: memory.indices!.assumingMemoryBound(to: UInt8.self), channels: c) { out, pixel, k in
            dx[out * c + k] = dy[pixel * c + k]
        }
    }
}
