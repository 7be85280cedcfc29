import CheckmateModels

/// Matrix products. A product with a constant operand is a dense layer owning
/// that operand as its weight; a product of two activations is a matrix multiplication.
extension Lowering {
    /// Gemm: `A' B' + C` for 2-D `A` and `B` (transposed by `transA`, `transB`),
    /// `C` broadcast to the `[M, N]` result.
    static func gemm(_ c: NodeContext) throws(ONNXImportError) -> Lowering {
        let a = try c.type(of: 0)
        let b = try c.shape(of: 1)
        try c.check(a.shape.count == 2 && b.count == 2,
                    "A \(Dimensions.describe(a.shape)) and B \(Dimensions.describe(b)) must be matrices")
        let transposeA = try c.int("transA") ?? 0 != 0
        let transposeB = try c.int("transB") ?? 0 != 0
        let (m, k) = transposeA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
        let (k2, n) = transposeB ? (b[1], b[0]) : (b[0], b[1])
        try c.check(k == k2, "inner dimensions \(k) of A and \(k2) of B differ")
        if c.input(2) != nil {
            let bias = try c.shape(of: 2)
            try c.check(Dimensions.broadcast([[m, n], bias]) == [m, n],
                        "C \(Dimensions.describe(bias)) does not broadcast to [\(m), \(n)]")
        }
        let output = TensorType(shape: [m, n], elementType: a.elementType)
        return Lowering(output, product(c, rows: m, columns: n, bias: c.input(2) != nil,
                                        transposeA: transposeA, transposeB: transposeB),
                        operands: [0, 1], parameters: [0, 1, 2])
    }

    /// MatMul with NumPy semantics: batched over broadcast leading axes; a 1-D
    /// operand gains an axis for the product and loses it after.
    static func matrixMultiplication(_ c: NodeContext) throws(ONNXImportError) -> Lowering {
        let a = try c.type(of: 0)
        let b = try c.shape(of: 1)
        try c.check(!a.shape.isEmpty && !b.isEmpty, "operands must have at least one axis")
        let left = a.shape.count == 1 ? [1] + a.shape : a.shape
        let right = b.count == 1 ? b + [1] : b
        let (m, k) = (left[left.count - 2], left[left.count - 1])
        let (k2, n) = (right[right.count - 2], right[right.count - 1])
        try c.check(k == k2, "inner dimensions \(k) and \(k2) of \(Dimensions.describe(a.shape)) and \(Dimensions.describe(b)) differ")
        guard let batch = Dimensions.broadcast([Array(left.dropLast(2)), Array(right.dropLast(2))]) else {
            throw c.fail("batch axes of \(Dimensions.describe(a.shape)) and \(Dimensions.describe(b)) do not broadcast")
        }
        let shape = batch + (a.shape.count == 1 ? [] : [m]) + (b.count == 1 ? [] : [n])
        return Lowering(TensorType(shape: try c.checkedShape(shape), elementType: a.elementType),
                        product(c, rows: m, columns: n, bias: false, transposeA: false, transposeB: false),
                        operands: [0, 1])
    }

    /// The layer of a product `A B` of an `m` by `n` result.
    ///
    /// With a constant `B` it is a dense layer of `n` units on `A`; with a constant
    /// `A` a dense layer of `m` units on `B` (the same multiply-adds: `|B| m`).
    private static func product(
        _ c: NodeContext, rows m: Int, columns n: Int, bias: Bool, transposeA: Bool, transposeB: Bool
    ) -> Operation {
        switch (c.isActivation(0), c.isActivation(1)) {
        case (true, true): .matrixMultiplication(transposeA: transposeA, transposeB: transposeB)
        case (false, true): .dense(units: m, bias: bias)
        default: .dense(units: n, bias: bias)
        }
    }
}
