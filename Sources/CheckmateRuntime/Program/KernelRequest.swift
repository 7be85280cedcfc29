import CheckmateModels

/// What a layer kernel is built for: the layer, its input shapes, and which
/// gradients the training step needs from it.
struct KernelRequest {
    let engine: ComputeEngine
    let network: Network
    /// The layer's index in the network.
    let index: Int
    var layer: Layer { network.layers[index] }
    /// The shapes of the layer's inputs, by position.
    let inputShapes: [TensorShape]
    /// Whether the layer has a backward computation in the step.
    let hasBackward: Bool
    /// For each input position, whether a gradient must reach it.
    let inputsNeedingGradient: [Bool]

    var output: TensorShape { layer.shape }

    /// The error for an operation or shape the runtime does not run.
    func unsupported(_ reason: String) -> ProgramError {
        .unsupported(layer: layer.name, reason: reason)
    }

    /// Runs `body`, naming this layer in a oneDNN error.
    func library<T>(_ body: () throws(DNNLError) -> T) throws(ProgramError) -> T {
        do {
            return try body()
        } catch {
            throw .library(layer: layer.name, error: error)
        }
    }

    /// The NCHW dimensions of an image tensor of `shape`, or an error.
    func image(_ shape: TensorShape) throws(ProgramError) -> [Int] {
        guard shape.rank == 4 else {
            throw unsupported("the runtime runs images of rank 4 (batch, channels, height, width), not \(shape)")
        }
        return shape.dimensions
    }
}
