import CheckmateModels

/// Operators that rearrange, select or combine elements: views (Reshape,
/// Flatten, Transpose, Squeeze, Unsqueeze), Concat, Split, Slice, Pad,
/// Resize, Gather, ReduceMean, and the shape arithmetic that folds to
/// constants (Shape, Constant, ConstantOfShape).
extension Lowering {
    /// Reshape: a `0` keeps the input's dimension (unless `allowzero`), one `-1` is inferred.
    ///
    /// A model exported at a fixed batch size often reshapes to a literal
    /// shape such as `[1, 2048]`; when the import's batch differs from the
    /// model's declared one, a leading dimension equal to the declared batch
    /// is read as the batch.
    static func reshape(_ c: NodeContext) throws(ONNXImportError) -> Lowering {
        let x = try c.type(of: 0)
        let requested: [Int]
        if c.opset < 5 {
            guard let attribute = try c.ints("shape") else { throw c.fail("attribute shape is missing") }
            requested = attribute
        } else {
            requested = try c.integers(1)
        }
        let allowZero = try c.int("allowzero") ?? 0 != 0
        var candidates = [requested]
        if let batch = c.batch, batch.declared != batch.actual, requested.first == batch.declared,
           x.shape.first == batch.actual {
            candidates.insert([batch.actual] + requested.dropFirst(), at: 0)
        }
        let count = Dimensions.elementCount(x.shape) ?? 0
        for target in candidates {
            guard let shape = try resolvedShape(c, target, input: x.shape, allowZero: allowZero),
                  Dimensions.elementCount(shape) == count else { continue }
            return Lowering(TensorType(shape: shape, elementType: x.elementType), .view(.reshape(shape)),
                            folded: try c.constantElements(0))
        }
        throw c.fail("cannot reshape \(Dimensions.describe(x.shape)) to \(Dimensions.describe(requested))")
    }

    /// `target` with zeros copied and the `-1` inferred, or nil when it cannot hold `input`'s elements.
    private static func resolvedShape(
        _ c: NodeContext, _ target: [Int], input: [Int], allowZero: Bool
    ) throws(ONNXImportError) -> [Int]? {
        var shape = target
        for (i, dimension) in target.enumerated() where dimension == 0 && !allowZero {
            try c.check(i < input.count, "shape \(Dimensions.describe(target)) copies axis \(i), which the input lacks")
            shape[i] = input[i]
        }
        let holes = shape.indices.filter { shape[$0] == -1 }
        try c.check(holes.count <= 1 && shape.allSatisfy { $0 >= -1 },
                    "shape \(Dimensions.describe(target)) may have one -1 and no other negative value")
        guard let hole = holes.first else { return shape }
        shape[hole] = 1
        guard let known = Dimensions.elementCount(shape), let count = Dimensions.elementCount(input),
              known > 0, count % known == 0 else { return nil }
        shape[hole] = count / known
        return shape
    }

    /// Flatten to `[product of axes before axis, product of the rest]`.
    static func flatten(_ c: NodeContext) throws(ONNXImportError) -> Lowering {
        let x = try c.type(of: 0)
        var axis = try c.int("axis") ?? 1
        if axis < 0 { axis += x.shape.count }
        try c.check((0...x.shape.count).contains(axis), "axis \(axis) is out of range for rank \(x.shape.count)")
        let shape = [Dimensions.elementCount(x.shape[..<axis]) ?? 0, Dimensions.elementCount(x.shape[axis...]) ?? 0]
        return Lowering(TensorType(shape: shape, elementType: x.elementType), .view(.flatten(axis: axis)),
                        folded: try c.constantElements(0))
    }

    /// Transpose by `perm` (reversed axes by default).
    static func transpose(_ c: NodeContext) throws(ONNXImportError) -> Lowering {
        let x = try c.type(of: 0)
        let permutation = try c.ints("perm") ?? Array((0..<x.shape.count).reversed())
        try c.check(permutation.sorted() == Array(0..<x.shape.count), "perm \(permutation) is not a permutation of \(x.shape.count) axes")
        let shape = permutation.map { x.shape[$0] }
        let folded = try c.constantElements(0).flatMap { elements in
            let strides = Folding.strides(x.shape)
            return Folding.rearranged(elements, shape: shape) { index in
                zip(index, permutation).reduce(0) { $0 + $1.0 * strides[$1.1] }
            }
        }
        return Lowering(TensorType(shape: shape, elementType: x.elementType), .view(.transpose(permutation)), folded: folded)
    }

    /// Squeeze `axes` (an attribute before opset 13, an input since), or every axis of size 1.
    static func squeeze(_ c: NodeContext) throws(ONNXImportError) -> Lowering {
        let x = try c.type(of: 0)
        let requested = c.opset < 13 ? try c.ints("axes") : try c.input(1) == nil ? nil : c.integers(1)
        var axes: [Int] = []
        for axis in requested ?? [] { axes.append(try c.axis(axis, rank: x.shape.count, "axes entry")) }
        if requested == nil { axes = x.shape.indices.filter { x.shape[$0] == 1 } }
        try c.check(Set(axes).count == axes.count && axes.allSatisfy { x.shape[$0] == 1 },
                    "cannot squeeze axes \(requested ?? []) of \(Dimensions.describe(x.shape))")
        let shape = x.shape.indices.filter { !axes.contains($0) }.map { x.shape[$0] }
        return Lowering(TensorType(shape: shape, elementType: x.elementType), .view(.squeeze(axes.sorted())),
                        folded: try c.constantElements(0))
    }

    /// Unsqueeze: new axes of size 1 at `axes` of the output (an attribute before opset 13, an input since).
    static func unsqueeze(_ c: NodeContext) throws(ONNXImportError) -> Lowering {
        let x = try c.type(of: 0)
        guard let requested = try c.integers(input: c.opset < 13 ? -1 : 1, orAttribute: "axes") else {
            throw c.fail("axes are missing")
        }
        let rank = x.shape.count + requested.count
        var axes: [Int] = []
        for axis in requested { axes.append(try c.axis(axis, rank: rank, "axes entry")) }
        try c.check(Set(axes).count == axes.count, "axes \(requested) repeat an axis")
        var rest = x.shape.makeIterator()
        let shape = (0..<rank).map { axes.contains($0) ? 1 : rest.next() ?? 1 }
        return Lowering(TensorType(shape: shape, elementType: x.elementType), .view(.unsqueeze(axes.sorted())),
                        folded: try c.constantElements(0))
    }

    /// Concat along `axis` (default 1 before opset 4); every other axis must agree.
    static func concatenation(_ c: NodeContext) throws(ONNXImportError) -> Lowering {
        try c.check(c.inputCount >= 1, "needs at least one input")
        let first = try c.type(of: 0)
        guard let requested = try c.int("axis") ?? (c.opset < 4 ? 1 : nil) else { throw c.fail("attribute axis is missing") }
        let axis = try c.axis(requested, rank: first.shape.count)
        var shape = first.shape
        var parts: [(ConstantTensor.Elements, [Int])]? = []
        for position in 0..<c.inputCount {
            let part = try c.shape(of: position)
            try c.check(part.count == shape.count && part.indices.allSatisfy { $0 == axis || part[$0] == shape[$0] },
                        "cannot concatenate \(Dimensions.describe(first.shape)) and \(Dimensions.describe(part)) along axis \(axis)")
            if position > 0 { shape[axis] = min(shape[axis] + part[axis], Dimensions.clampLimit) }
            if let elements = try c.constantElements(position) { parts?.append((elements, part)) } else { parts = nil }
        }
        let folded = parts.flatMap { Folding.concatenated($0, axis: axis, into: shape) }
        return Lowering(TensorType(shape: try c.checkedShape(shape), elementType: first.elementType),
                        .concatenation(axis: axis), operands: Array(0..<c.inputCount), folded: folded)
    }

    /// Split along `axis` into the sizes `split` (an attribute before opset 13, an
    /// input since), or into equal parts, one per output (`num_outputs` since opset 18,
    /// where the last part may be smaller). Each output is a slice layer.
    static func split(_ c: NodeContext) throws(ONNXImportError) -> Lowering {
        let x = try c.type(of: 0)
        let axis = try c.axis(try c.int("axis") ?? 0, rank: x.shape.count)
        let dimension = x.shape[axis]
        let outputs = c.node.output.count
        try c.check(outputs >= 1, "has no outputs")
        var sizes = try c.integers(input: c.opset < 13 && c.opset >= 2 ? -1 : 1, orAttribute: "split")
        if sizes == nil {
            let parts = try c.int("num_outputs") ?? outputs
            try c.check(parts == outputs, "num_outputs \(parts) differs from its \(outputs) outputs")
            let chunk = (dimension + parts - 1) / parts
            try c.check(c.has("num_outputs") || dimension % parts == 0, "axis \(axis) of size \(dimension) does not split into \(parts) equal parts")
            sizes = (0..<parts).map { min(chunk, max(dimension - $0 * chunk, 0)) }
        }
        let split = sizes ?? []
        try c.check(split.count == outputs && split.allSatisfy { $0 >= 0 && $0 <= dimension } && split.reduce(0, +) == dimension,
                    "split \(split) does not divide axis \(axis) of size \(dimension) among \(outputs) outputs")
        var types: [TensorType] = []
        var operations: [Operation] = []
        var folded: [ConstantTensor.Elements?] = []
        var offset = 0
        let elements = try c.constantElements(0)
        for size in split {
            var shape = x.shape
            shape[axis] = size
            types.append(TensorType(shape: shape, elementType: x.elementType))
            operations.append(.slice(axes: [axis], starts: [offset], ends: [offset + size]))
            folded.append(elements.flatMap { Folding.sliced($0, input: x.shape, output: shape, starts: [axis: offset], steps: [:]) })
            offset += size
        }
        return Lowering(outputs: types, layers: .perOutput(operations), operands: [0], folded: folded)
    }

    /// Slice: bounds as attributes before opset 10, as inputs (with optional `steps`) since.
    /// Bounds are clamped as ONNX specifies; a negative step walks backwards.
    static func slice(_ c: NodeContext) throws(ONNXImportError) -> Lowering {
        let x = try c.type(of: 0)
        let starts, ends: [Int]
        var axes, steps: [Int]?
        if c.opset < 10 {
            guard let s = try c.ints("starts"), let e = try c.ints("ends") else { throw c.fail("attributes starts and ends are required") }
            (starts, ends, axes) = (s, e, try c.ints("axes"))
        } else {
            (starts, ends) = (try c.integers(1), try c.integers(2))
            axes = c.input(3) == nil ? nil : try c.integers(3)
            steps = c.input(4) == nil ? nil : try c.integers(4)
        }
        let requestedAxes = axes ?? Array(0..<starts.count)
        let stepList = steps ?? Array(repeating: 1, count: starts.count)
        try c.check(ends.count == starts.count && requestedAxes.count == starts.count && stepList.count == starts.count,
                    "starts, ends, axes and steps must have the same length")
        var shape = x.shape
        var first = [Int: Int]()
        var stride = [Int: Int]()
        for i in starts.indices {
            let axis = try c.axis(requestedAxes[i], rank: x.shape.count, "axes entry")
            try c.check(first[axis] == nil, "axis \(axis) is sliced twice")
            let (dimension, step) = (x.shape[axis], stepList[i])
            try c.check(step != 0, "step 0 on axis \(axis)")
            let resolve = { (value: Int) in value < 0 ? value + dimension : value }
            let start, end, size: Int
            if step > 0 {
                start = min(max(resolve(starts[i]), 0), dimension)
                end = min(max(resolve(ends[i]), 0), dimension)
                size = end > start ? (end - start + step - 1) / step : 0
            } else {
                start = min(max(resolve(starts[i]), 0), dimension - 1)
                end = min(max(resolve(ends[i]), -1), dimension - 1)
                size = start > end ? (start - end - step - 1) / -step : 0
            }
            shape[axis] = size
            first[axis] = start
            stride[axis] = step
        }
        let simple = stride.values.allSatisfy { $0 == 1 }
        let keys = first.keys.sorted()
        let operation: Operation = simple
            ? .slice(axes: keys, starts: keys.map { first[$0]! }, ends: keys.map { first[$0]! + shape[$0] })
            : .copy("Slice")
        let folded = try c.constantElements(0).flatMap {
            Folding.sliced($0, input: x.shape, output: shape, starts: first, steps: stride)
        }
        return Lowering(TensorType(shape: shape, elementType: x.elementType), operation, folded: folded)
    }

    /// Pad: `pads` (all befores, then all afters) as an attribute before opset 11, an
    /// input since (with optional `axes` since opset 18); negative pads crop.
    static func pad(_ c: NodeContext) throws(ONNXImportError) -> Lowering {
        let x = try c.type(of: 0)
        let rank = x.shape.count
        let pads: [Int]
        if c.opset < 11 {
            guard let attribute = try c.ints(c.opset < 2 ? "paddings" : "pads") else { throw c.fail("attribute pads is missing") }
            pads = attribute
        } else {
            pads = try c.integers(1)
        }
        var axes = Array(0..<rank)
        if c.opset >= 18, c.input(3) != nil {
            axes = []
            for axis in try c.integers(3) { axes.append(try c.axis(axis, rank: rank, "axes entry")) }
        }
        try c.check(pads.count == 2 * axes.count, "pads \(pads) must have \(2 * axes.count) values")
        var before = Array(repeating: 0, count: rank)
        var after = Array(repeating: 0, count: rank)
        for (i, axis) in axes.enumerated() {
            before[axis] = pads[i]
            after[axis] = pads[axes.count + i]
        }
        let shape = (0..<rank).map { x.shape[$0] + before[$0] + after[$0] }
        return Lowering(TensorType(shape: try c.checkedShape(shape), elementType: x.elementType),
                        .pad(before: before, after: after))
    }

    /// Resize and Upsample: output sizes from `sizes`, or `floor(input * scale)`
    /// from `scales` (an attribute of Upsample before opset 9, an input after;
    /// Resize's inputs move from `(X, scales)` in opset 10 to `(X, roi, scales, sizes)`).
    /// Whole spatial factors make an upsampling layer; anything else a copy.
    static func resize(_ c: NodeContext) throws(ONNXImportError) -> Lowering {
        let x = try c.type(of: 0)
        let rank = x.shape.count
        var axes = Array(0..<rank)
        if let requested = try c.ints("axes") {
            axes = []
            for axis in requested { axes.append(try c.axis(axis, rank: rank, "axes entry")) }
        }
        var scales: [Double]?
        var sizes: [Int]?
        if c.op == "Upsample" {
            scales = c.opset < 9 ? try c.floats("scales") : try c.reals(1)
        } else if c.opset < 11 {
            scales = try c.reals(1)
        } else {
            if c.input(3) != nil, try c.constant(3).count > 0 { sizes = try c.integers(3) }
            if sizes == nil, c.input(2) != nil, try c.constant(2).count > 0 { scales = try c.reals(2) }
        }
        var shape = x.shape
        if let sizes {
            try c.check(sizes.count == axes.count && sizes.allSatisfy { $0 >= 0 }, "sizes \(sizes) must have \(axes.count) non-negative values")
            let policy = try c.string("keep_aspect_ratio_policy") ?? "stretch"
            if policy == "stretch" {
                for (i, axis) in axes.enumerated() { shape[axis] = sizes[i] }
            } else {
                try c.check(policy == "not_larger" || policy == "not_smaller", "keep_aspect_ratio_policy '\(policy)' is unknown")
                let ratios = axes.indices.map { Double(sizes[$0]) / Double(max(x.shape[axes[$0]], 1)) }
                let scale = policy == "not_larger" ? ratios.min() ?? 1 : ratios.max() ?? 1
                for axis in axes {
                    let size = (scale * Double(x.shape[axis]) + 0.5).rounded(.down)
                    try c.check(size <= Double(Dimensions.maximumElements), "sizes \(sizes) are too large")
                    shape[axis] = Int(size)
                }
            }
        } else if let scales {
            try c.check(scales.count == axes.count, "scales \(scales) must have \(axes.count) values")
            for (i, axis) in axes.enumerated() {
                let size = (Double(x.shape[axis]) * scales[i]).rounded(.down)
                try c.check(scales[i] > 0 && size.isFinite && size <= Double(Dimensions.maximumElements),
                            "scale \(scales[i]) on axis \(axis) is not positive or too large")
                shape[axis] = Int(size)
            }
        } else {
            throw c.fail("needs scales or sizes")
        }
        let mode = try c.string("mode") ?? "nearest"
        let factors = (2..<max(rank, 2)).map { x.shape[$0] > 0 && shape[$0] % x.shape[$0] == 0 ? shape[$0] / x.shape[$0] : 0 }
        let whole = rank >= 3 && shape.prefix(2) == x.shape.prefix(2) && factors.allSatisfy { $0 >= 1 }
        let operation: Operation = whole
            ? .upsampling(scale: factors, mode: mode == "nearest" ? .nearest : .bilinear)
            : .copy(c.op)
        return Lowering(TensorType(shape: try c.checkedShape(shape), elementType: x.elementType), operation)
    }

    /// Gather along `axis`: `data[..<axis] + indices + data[axis+1...]`. Rows of a
    /// constant table picked by activation indices are an embedding layer.
    static func gather(_ c: NodeContext) throws(ONNXImportError) -> Lowering {
        let data = try c.type(of: 0)
        let indices = try c.shape(of: 1)
        let axis = try c.axis(try c.int("axis") ?? 0, rank: data.shape.count)
        let shape = Array(data.shape[..<axis]) + indices + Array(data.shape[(axis + 1)...])
        var folded: ConstantTensor.Elements?
        if let elements = try c.constantElements(0), let picks = try c.constantElements(1) {
            let dimension = data.shape[axis]
            var resolved: [Int] = []
            for index in Folding.integers(picks).integerElements.map(Dimensions.clamped) {
                let value = index < 0 ? index + dimension : index
                try c.check((0..<dimension).contains(value), "index \(index) is out of range for axis \(axis) of size \(dimension)")
                resolved.append(value)
            }
            let strides = Folding.strides(data.shape)
            let indexStrides = Folding.strides(indices)
            let inner = data.shape.count - axis - 1
            folded = Folding.rearranged(elements, shape: shape) { index in
                var offset = 0
                for i in 0..<axis { offset += index[i] * strides[i] }
                let pick = indexStrides.enumerated().reduce(0) { $0 + index[axis + $1.offset] * $1.element }
                offset += resolved[pick] * strides[axis]
                for i in 0..<inner { offset += index[axis + indices.count + i] * strides[axis + 1 + i] }
                return offset
            }
        }
        let operation: Operation = !c.isActivation(0) && axis == 0 && data.shape.count == 2
            ? .embedding(vocabulary: data.shape[0], dimension: data.shape[1])
            : .copy("Gather")
        return Lowering(TensorType(shape: try c.checkedShape(shape), elementType: data.elementType), operation,
                        operands: [0, 1], parameters: [0], folded: folded)
    }

    /// ReduceMean over `axes` (an attribute before opset 18, an input since; all axes when absent).
    static func reduceMean(_ c: NodeContext) throws(ONNXImportError) -> Lowering {
        let x = try c.type(of: 0)
        let requested = c.opset < 18 ? try c.ints("axes") : try c.input(1) == nil ? nil : c.integers(1)
        let keep = try c.int("keepdims") ?? 1 != 0
        if (requested ?? []).isEmpty, try c.int("noop_with_empty_axes") ?? 0 != 0 {
            return try identity(c)
        }
        var axes: [Int] = []
        for axis in requested ?? [] { axes.append(try c.axis(axis, rank: x.shape.count, "axes entry")) }
        if axes.isEmpty { axes = Array(x.shape.indices) }
        try c.check(Set(axes).count == axes.count, "axes \(requested ?? []) repeat an axis")
        let shape = x.shape.indices.compactMap { axes.contains($0) ? (keep ? 1 : nil) : x.shape[$0] }
        return Lowering(TensorType(shape: shape, elementType: x.elementType), .reduceMean(axes: axes.sorted(), keepDimensions: keep))
    }

    /// Shape (with `start` and `end` since opset 15): always a constant, even of an activation.
    static func shape(_ c: NodeContext) throws(ONNXImportError) -> Lowering {
        let x = try c.shape(of: 0)
        let clamp = { (value: Int) in min(max(value < 0 ? value + x.count : value, 0), x.count) }
        let start = clamp(try c.int("start") ?? 0)
        let end = clamp(try c.int("end") ?? x.count)
        let dimensions = start < end ? Array(x[start..<end]) : []
        return Lowering(outputs: [TensorType(shape: [dimensions.count], elementType: .int64)], layers: .none,
                        operands: [], folded: [.integers(dimensions.map(Int64.init))])
    }

    /// Constant: the value of whichever `value*` attribute is given; a weight of its own.
    static func constant(_ c: NodeContext) throws(ONNXImportError) -> Lowering {
        let tensor: ConstantTensor?
        if let value = try c.tensor("value") {
            tensor = value
        } else if let value = try c.float("value_float") {
            tensor = ConstantTensor(shape: [], elementType: .float, elements: .reals([value]))
        } else if let values = try c.floats("value_floats") {
            tensor = ConstantTensor(shape: [values.count], elementType: .float, elements: .reals(values))
        } else if let value = try c.int("value_int") {
            tensor = ConstantTensor(shape: [], elementType: .int64, elements: .integers([Int64(value)]))
        } else if let values = try c.ints("value_ints") {
            tensor = ConstantTensor(shape: [values.count], elementType: .int64, elements: .integers(values.map(Int64.init)))
        } else if c.has("value_string") {
            tensor = ConstantTensor(shape: [], elementType: .string, elements: nil)
        } else if c.has("value_strings") || c.has("sparse_value") {
            throw c.fail("string lists and sparse constants are not supported")
        } else {
            throw c.fail("has no value attribute")
        }
        guard let tensor else { throw c.fail("the value is too large") }
        var lowering = Lowering(outputs: [TensorType(shape: tensor.shape, elementType: tensor.elementType)],
                                layers: .none, operands: [], folded: [tensor.elements])
        lowering.isWeight = true
        return lowering
    }

    /// ConstantOfShape: a tensor of the given shape filled with `value` (a float 0 by default).
    static func constantOfShape(_ c: NodeContext) throws(ONNXImportError) -> Lowering {
        let shape = try c.integers(0)
        try c.check(try c.shape(of: 0).count == 1, "the shape input must be one-dimensional")
        try c.check(shape.allSatisfy { $0 >= 0 }, "shape \(Dimensions.describe(shape)) has a negative dimension")
        let fill = try c.tensor("value") ?? ConstantTensor(shape: [1], elementType: .float, elements: .reals([0]))!
        try c.check(fill.count == 1, "value must have exactly one element")
        let count = try c.checkedShape(shape).reduce(1, *)
        var elements: ConstantTensor.Elements?
        if count <= ConstantTensor.elementLimit {
            switch fill.elements {
            case .integers(let values)?: elements = .integers(Array(repeating: values[0], count: count))
            case .reals(let values)?: elements = .reals(Array(repeating: values[0], count: count))
            case nil: elements = nil
            }
        }
        var lowering = Lowering(outputs: [TensorType(shape: shape, elementType: fill.elementType)],
                                layers: .none, operands: [], folded: [elements])
        lowering.isWeight = true
        return lowering
    }
}
