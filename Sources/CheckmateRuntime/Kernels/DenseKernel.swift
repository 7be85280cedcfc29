import CheckmateModels

/// A fully connected layer `x W + b` on rows (`[batch, inputs]`, a flattened
/// image is its channels-last bytes), with OpenBLAS products.
final class DenseKernel: LayerKernel {
    private let rows: Int, inputs: Int, units: Int
    private let weights: ParameterBlock
    private let bias: ParameterBlock?
    let reads = BackwardReads(inputs: [0])
    let forwardScratchBytes = 0
    let backwardScratchBytes = 0

    init(_ request: KernelRequest, units: Int, bias: Bool, parameters: inout ParameterTable) throws(ProgramError) {
        let x = request.inputShapes[0]
        guard x.rank == 2 else { throw request.unsupported("dense layers run on rows [batch, features], not \(x)") }
        (rows, inputs, self.units) = (x[0], x[1], units)
        let name = request.layer.name
        weights = parameters.allocate(inputs * units, name: "\(name).weight", ParameterTable.he(fanIn: inputs))
        self.bias = bias ? parameters.allocate(units, name: "\(name).bias", .uniform(low: -0.1, high: 0.1)) : nil
    }

    func forward(_ memory: LayerMemory) {
        let y = memory.output!
        Matrix.multiply(Matrix(memory.inputs[0]!, rows: rows, columns: inputs),
                        by: Matrix(weights.values(memory.constants), rows: inputs, columns: units), into: y)
        guard let bias else { return }
        let out = y.assumingMemoryBound(to: Float.self), b = bias.values(memory.constants)
        for row in 0..<rows {
            for unit in 0..<units { out[row * units + unit] += b[unit] }
        }
    }

    func backward(_ memory: LayerMemory) {
        let delta = Matrix(memory.outputGradient!, rows: rows, columns: units)
        if let dx = memory.inputGradients[0] {
            Matrix.multiply(delta, by: Matrix(weights.values(memory.constants), rows: inputs, columns: units).transposed(),
                            into: dx)
        }
        Matrix.multiply(Matrix(memory.inputs[0]!, rows: rows, columns: inputs).transposed(), by: delta,
                        into: UnsafeMutableRawPointer(weights.gradients(memory.constants)))
        guard let bias else { return }
        let dy = memory.outputGradient!.assumingMemoryBound(to: Float.self), db = bias.gradients(memory.constants)
        db.update(repeating: 0, count: units)
        for row in 0..<rows {
            for unit in 0..<units { db[unit] += dy[row * units + unit] }
        }
    }
}
