import CheckmateModels

/// Operators whose output has the shape of their input, or the broadcast of their inputs.
extension Lowering {
    /// BatchNormalization (`X, scale, B, mean, var`) and InstanceNormalization
    /// (`X, scale, B`): scale and shift are the layer's parameters, one per channel.
    static func normalization(_ c: NodeContext, _ operation: Operation) throws(ONNXImportError) -> Lowering {
        let x = try c.type(of: 0)
        try c.check(x.shape.count >= 2, "input \(Dimensions.describe(x.shape)) has no channel axis")
        let statistics = operation == .batchNormalization ? [1, 2, 3, 4] : [1, 2]
        for position in statistics {
            let shape = try c.shape(of: position)
            try c.check(shape == [x.shape[1]], "input \(position) must have shape [\(x.shape[1])], not \(Dimensions.describe(shape))")
        }
        return Lowering(x, operation, parameters: [1, 2])
    }

    /// LayerNormalization (opset 17): scale and optional shift over the axes from `axis` on.
    static func layerNormalization(_ c: NodeContext) throws(ONNXImportError) -> Lowering {
        let x = try c.type(of: 0)
        let axis = try c.axis(try c.int("axis") ?? -1, rank: x.shape.count)
        let normalized = Array(x.shape[axis...])
        for position in [1, 2] where c.input(position) != nil {
            let shape = try c.shape(of: position)
            try c.check(Dimensions.broadcast([normalized, shape]) == normalized,
                        "input \(position) of shape \(Dimensions.describe(shape)) does not broadcast to \(Dimensions.describe(normalized))")
        }
        return Lowering(x, .layerNormalization(axis: axis), parameters: [1, 2])
    }

    static func localResponseNormalization(_ c: NodeContext) throws(ONNXImportError) -> Lowering {
        guard let size = try c.int("size") else { throw c.fail("attribute size is missing") }
        try c.check(size >= 1, "size \(size) must be at least 1")
        let x = try c.type(of: 0)
        try c.check(x.shape.count >= 2, "input \(Dimensions.describe(x.shape)) has no channel axis")
        return Lowering(x, .localResponseNormalization(size: size))
    }

    /// Clip: bounds from attributes before opset 11, from optional scalar inputs since.
    static func clip(_ c: NodeContext) throws(ONNXImportError) -> Lowering {
        var bounds = [-Double.infinity, Double.infinity]
        if c.opset < 11 {
            bounds = [try c.float("min") ?? bounds[0], try c.float("max") ?? bounds[1]]
        } else {
            for position in [1, 2] where c.input(position) != nil {
                let values = try c.reals(position)
                try c.check(values.count == 1, "input \(position) must be a scalar")
                bounds[position - 1] = values[0]
            }
        }
        return try elementwise(c, .activation(.clip(minimum: bounds[0], maximum: bounds[1])))
    }

    /// Softmax along `axis` (default 1 before opset 13, the last axis since).
    static func softmax(_ c: NodeContext) throws(ONNXImportError) -> Lowering {
        let x = try c.type(of: 0)
        let axis = try c.axis(try c.int("axis") ?? (c.opset < 13 ? 1 : -1), rank: x.shape.count)
        return Lowering(x, .softmax(axis: axis))
    }

    /// Dropout: the ratio is an attribute before opset 12, an optional input since. The mask output is not modelled.
    static func dropout(_ c: NodeContext) throws(ONNXImportError) -> Lowering {
        var rate = 0.5
        if c.opset < 12 {
            rate = try c.float("ratio") ?? rate
        } else if c.input(1) != nil {
            let values = try c.reals(1)
            try c.check(values.count == 1, "ratio must be a scalar")
            rate = values[0]
        }
        try c.check((0..<1).contains(rate), "ratio \(rate) is not in [0, 1)")
        return Lowering(try c.type(of: 0), .dropout(rate: rate), folded: try c.constantElements(0))
    }

    /// Identity: a view of its input (no computation).
    static func identity(_ c: NodeContext) throws(ONNXImportError) -> Lowering {
        let x = try c.type(of: 0)
        return Lowering(x, .view(.reshape(x.shape)), folded: try c.constantElements(0))
    }

    /// Cast to the element type `to`; folding converts integers and reals.
    static func cast(_ c: NodeContext) throws(ONNXImportError) -> Lowering {
        guard let code = try c.int("to") else { throw c.fail("attribute to is missing") }
        let target = ElementType(code: Int32(clamping: code))
        try c.check(target.bits != nil || target == .string, "'to' = \(code) is not an ONNX tensor type")
        var output = try c.type(of: 0)
        output.elementType = target
        let folded = try c.constantElements(0).map { elements in
            target.isInteger ? Folding.integers(elements) : Folding.reals(elements)
        }
        return Lowering(output, .elementwise("Cast"), folded: folded)
    }

    /// Add, Sub, Mul and Div with NumPy broadcasting.
    static func binary(_ c: NodeContext, _ op: Operation.BinaryOperator) throws(ONNXImportError) -> Lowering {
        let a = try c.type(of: 0)
        let b = try c.shape(of: 1)
        guard let shape = Dimensions.broadcast([a.shape, b]) else {
            throw c.fail("shapes \(Dimensions.describe(a.shape)) and \(Dimensions.describe(b)) do not broadcast")
        }
        var folded: ConstantTensor.Elements?
        if let x = try c.constantElements(0), let y = try c.constantElements(1) {
            folded = try Folding.combine(x, a.shape, y, b, into: shape, op, node: c)
        }
        return Lowering(TensorType(shape: shape, elementType: a.elementType), .binary(op), operands: [0, 1], folded: folded)
    }

    /// Sum of one or more inputs with broadcasting: one addition layer, or a chain of them.
    static func sum(_ c: NodeContext) throws(ONNXImportError) -> Lowering {
        try c.check(c.inputCount >= 1, "needs at least one input")
        var shapes: [[Int]] = []
        for position in 0..<c.inputCount { shapes.append(try c.shape(of: position)) }
        guard let shape = Dimensions.broadcast(shapes) else {
            throw c.fail("shapes \(shapes.map(Dimensions.describe).joined(separator: ", ")) do not broadcast")
        }
        var folded: ConstantTensor.Elements? = try c.constantElements(0).flatMap { first in
            try? Folding.combine(first, shapes[0], .integers([0]), [], into: shape, .add, node: c)
        }
        for position in 1..<max(c.inputCount, 1) {
            guard let total = folded, let next = try c.constantElements(position) else { folded = nil; break }
            folded = try Folding.combine(total, shape, next, shapes[position], into: shape, .add, node: c)
        }
        let activations = c.inputs.filter { if case .activation? = $0 { true } else { false } }.count
        let output = TensorType(shape: shape, elementType: try c.type(of: 0).elementType)
        return Lowering(outputs: [output], layers: activations > 2 ? .chain(.binary(.add)) : .one(.binary(.add)),
                        operands: Array(0..<c.inputCount), folded: [folded])
    }
}
