/// Where a tensor lies while one node runs, relative to the node's buffers.
enum Location: Hashable {
    /// `offset` bytes into the output of the node's input at `position` (in `Node.inputs`).
    case input(position: Int, offset: Int)
    /// `offset` bytes into the node's own output.
    case output(offset: Int)
    /// `offset` bytes into the node's workspace.
    case workspace(offset: Int)
    /// `offset` bytes from the arena's start, in the constant memory.
    case constant(offset: Int)
}

/// The buffers of one node's run: its inputs' outputs, its output, its workspace.
struct NodeMemory {
    let inputs: [UnsafeMutableRawPointer]
    let output: UnsafeMutableRawPointer
    let workspace: UnsafeMutableRawPointer
    let constants: ConstantPointers

    subscript(location: Location) -> UnsafeMutableRawPointer {
        switch location {
        case .input(let position, let offset): inputs[position] + offset
        case .output(let offset): output + offset
        case .workspace(let offset): workspace + offset
        case .constant(let offset): constants.base + offset
        }
    }

    /// The pointer at `location`, or nil when there is none.
    func pointer(_ location: Location?) -> UnsafeMutableRawPointer? {
        location.map { self[$0] }
    }
}

/// The calls of one layer kernel within a node, with its tensors' locations.
struct LayerCall {
    let kernel: any LayerKernel
    var inputs: [Location?] = []
    var output: Location?
    var indices: Location?
    var mask: Location?
    var statistics: Location?
    var outputGradient: Location?
    var inputGradients: [Location?] = []
    var scratch: Location?

    /// The kernel's view of `memory`.
    func memory(_ memory: NodeMemory) -> LayerMemory {
        LayerMemory(inputs: inputs.map(memory.pointer), output: memory.pointer(output), indices: memory.pointer(indices),
                    mask: memory.pointer(mask), statistics: memory.pointer(statistics),
                    outputGradient: memory.pointer(outputGradient), inputGradients: inputGradients.map(memory.pointer),
                    scratch: memory.pointer(scratch), constants: memory.constants)
    }
}

/// What one node of the training graph runs, in order.
struct NodeKernel {
    enum Call {
        case forward(LayerCall)
        case backward(LayerCall)
        /// Sums the tensors at `sources` into `destination` (a oneDNN sum).
        case sum(Primitive, sources: [Location], destination: Location, scratch: Location)
        /// Draws a dropout mask into the node's output.
        case mask(DropoutKernel)
    }

    var calls: [Call]
    /// Bytes of workspace the node uses: the graph's workspace, aligned, then the kernels' scratch space.
    var workspaceBytes: Int

    func run(_ memory: NodeMemory) {
        for call in calls {
            switch call {
            case .forward(let layer): layer.kernel.forward(layer.memory(memory))
            case .backward(let layer): layer.kernel.backward(layer.memory(memory))
            case .sum(let primitive, let sources, let destination, let scratch):
                primitive.run(sources.map { memory[$0] } + [memory[destination]], scratchpad: memory.pointer(scratch))
            case .mask(let dropout): dropout.drawMask(into: memory.output)
            }
        }
    }
}
