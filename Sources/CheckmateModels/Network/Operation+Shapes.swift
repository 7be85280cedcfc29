/// Shape inference and parameter counts, from the shapes of a layer's inputs.
extension Operation {
    /// Why `inputCount` inputs do not suit this operation, or nil when they do.
    func arityProblem(inputCount: Int) -> String? {
        let allowed: ClosedRange<Int>
        switch self {
        case .input: allowed = 0...0
        case .matrixMultiplication, .maxUnpooling: allowed = 2...2
        case .binary: allowed = 1...2
        case .concatenation, .copy: allowed = 1...Int.max
        default: allowed = 1...1
        }
        guard !allowed.contains(inputCount) else { return nil }
        let expected = allowed.upperBound == Int.max
            ? "at least \(allowed.lowerBound)"
            : allowed.count == 1 ? "\(allowed.lowerBound)" : "\(allowed.lowerBound) or \(allowed.upperBound)"
        return "\(family) takes \(expected) input\(allowed.upperBound == 1 ? "" : "s"), not \(inputCount)"
    }

    /// The output shape for inputs of `shapes`.
    ///
    /// - Throws: a reason when the shapes or attributes do not fit the operation,
    ///   or when the shape cannot be inferred (``copy(_:)``, whose shape the caller gives).
    func outputShape(for shapes: [TensorShape]) throws(ShapeError) -> TensorShape {
        if let reason = arityProblem(inputCount: shapes.count) { throw ShapeError(reason) }
        let x = shapes.first ?? []
        switch self {
        case .input, .copy:
            throw ShapeError("the output shape of \(family) must be given")
        case .convolution(let c):
            let (channels, spatial) = try Self.imageParts(x, rank: c.kernel.count)
            try Self.check(c.groups > 0 && channels % c.groups == 0 && c.filters % c.groups == 0,
                           "\(channels) input and \(c.filters) output channels do not split into \(c.groups) groups")
            var out = [x[0], c.filters]
            for i in spatial.indices {
                let span = spatial[i] + c.paddingBefore[i] + c.paddingAfter[i] - c.dilation[i] * (c.kernel[i] - 1) - 1
                try Self.check(span >= 0 && c.stride[i] > 0, "the window does not fit the input \(x)")
                out.append(span / c.stride[i] + 1)
            }
            return TensorShape(out)
        case .transposedConvolution(let c):
            let (channels, spatial) = try Self.imageParts(x, rank: c.kernel.count)
            try Self.check(c.groups > 0 && channels % c.groups == 0 && c.filters % c.groups == 0,
                           "\(channels) input and \(c.filters) output channels do not split into \(c.groups) groups")
            var out = [x[0], c.filters]
            for i in spatial.indices {
                let size = (spatial[i] - 1) * c.stride[i] - c.paddingBefore[i] - c.paddingAfter[i]
                    + c.dilation[i] * (c.kernel[i] - 1) + c.outputPadding[i] + 1
                try Self.check(size > 0, "the output of input \(x) would be empty")
                out.append(size)
            }
            return TensorShape(out)
        case .dense(let units, _):
            try Self.check(x.rank >= 1 && units > 0, "needs an input with a last axis and a positive width")
            return TensorShape(x.dimensions.dropLast() + [units])
        case .matrixMultiplication(let transposeA, let transposeB):
            let b = shapes[1]
            try Self.check(x.rank >= 2 && b.rank >= 2, "needs two inputs of rank 2 or more, not \(x) and \(b)")
            let (m, k) = transposeA ? (x[x.rank - 1], x[x.rank - 2]) : (x[x.rank - 2], x[x.rank - 1])
            let (k2, n) = transposeB ? (b[b.rank - 1], b[b.rank - 2]) : (b[b.rank - 2], b[b.rank - 1])
            try Self.check(k == k2, "inner dimensions \(k) and \(k2) differ")
            let batch = try Self.broadcast(TensorShape(x.dimensions.dropLast(2)), TensorShape(b.dimensions.dropLast(2)))
            return TensorShape(batch.dimensions + [m, n])
        case .embedding(let vocabulary, let dimension):
            try Self.check(vocabulary > 0 && dimension > 0, "needs a positive vocabulary and dimension")
            return TensorShape(x.dimensions + [dimension])
        case .batchNormalization, .instanceNormalization, .localResponseNormalization:
            try Self.check(x.rank >= 2, "needs an input with a channel axis, not \(x)")
            return x
        case .layerNormalization(let axis):
            try Self.check(x.normalized(axis: axis) != nil, "axis \(axis) is out of range for \(x)")
            return x
        case .activation, .elementwise, .dropout:
            return x
        case .softmax(let axis):
            try Self.check(x.normalized(axis: axis) != nil, "axis \(axis) is out of range for \(x)")
            return x
        case .binary:
            return shapes.count == 2 ? try Self.broadcast(x, shapes[1]) : x
        case .pooling(let p):
            let (channels, spatial) = try Self.imageParts(x, rank: p.kernel.count)
            var out = [x[0], channels]
            for i in spatial.indices {
                let span = spatial[i] + p.paddingBefore[i] + p.paddingAfter[i] - p.kernel[i]
                try Self.check(span >= 0 && p.stride[i] > 0, "the window does not fit the input \(x)")
                var size = (p.ceilMode ? (span + p.stride[i] - 1) : span) / p.stride[i] + 1
                // A window may not start in the padding after the input (Caffe, PyTorch).
                if p.ceilMode, (size - 1) * p.stride[i] >= spatial[i] + p.paddingBefore[i] { size -= 1 }
                out.append(size)
            }
            return TensorShape(out)
        case .globalPooling:
            try Self.check(x.rank >= 3, "needs an input with spatial axes, not \(x)")
            return TensorShape([x[0], x[1]] + Array(repeating: 1, count: x.rank - 2))
        case .upsampling(let scale, _):
            let (_, spatial) = try Self.imageParts(x, rank: scale.count)
            try Self.check(scale.allSatisfy { $0 > 0 }, "scales must be positive")
            return TensorShape([x[0], x[1]] + zip(spatial, scale).map(*))
        case .maxUnpooling(let size):
            _ = try Self.imageParts(x, rank: size.count)
            return TensorShape([x[0], x[1]] + size)
        case .reduceMean(let axes, let keep):
            let resolved = try axes.map { (axis) throws(ShapeError) -> Int in
                guard let a = x.normalized(axis: axis) else { throw ShapeError("axis \(axis) is out of range for \(x)") }
                return a
            }
            return TensorShape(x.dimensions.indices.compactMap { i in
                resolved.contains(i) ? (keep ? 1 : nil) : x[i]
            })
        case .concatenation(let axis):
            guard let a = x.normalized(axis: axis) else { throw ShapeError("axis \(axis) is out of range for \(x)") }
            var out = x
            for s in shapes.dropFirst() {
                try Self.check(s.rank == x.rank && s.dimensions.indices.allSatisfy { $0 == a || s[$0] == x[$0] },
                               "cannot concatenate \(x) and \(s) along axis \(axis)")
                out[a] += s[a]
            }
            return out
        case .view(let view):
            return try view.outputShape(for: x)
        case .pad(let before, let after):
            try Self.check(before.count == x.rank && after.count == x.rank,
                           "needs one padding per axis of \(x)")
            return TensorShape(x.dimensions.indices.map { x[$0] + before[$0] + after[$0] })
        case .slice(let axes, let starts, let ends):
            try Self.check(axes.count == starts.count && axes.count == ends.count, "needs one start and end per axis")
            var out = x
            for (i, axis) in axes.enumerated() {
                guard let a = x.normalized(axis: axis) else { throw ShapeError("axis \(axis) is out of range for \(x)") }
                let start = starts[i] < 0 ? starts[i] + x[a] : starts[i]
                let end = min(ends[i] < 0 ? ends[i] + x[a] : ends[i], x[a])
                try Self.check(start >= 0 && start <= end, "range \(starts[i])..<\(ends[i]) does not fit axis \(a) of \(x)")
                out[a] = end - start
            }
            return out
        case .softmaxCrossEntropy(let axis):
            try Self.check(x.normalized(axis: axis) != nil, "class axis \(axis) is out of range for \(x)")
            return []
        }
    }

    /// The trainable parameters of a layer with inputs of `shapes`.
    /// The trainable parameters of a layer on inputs of `shapes`, or nil when
    /// they are more than ``TensorShape/elementLimit``.
    func parameterCount(for shapes: [TensorShape]) -> Int? {
        let x = shapes.first ?? []
        let product = TensorShape.checkedProduct
        func sum(_ a: Int?, _ b: Int) -> Int? { a.flatMap { product([1, $0 + b]) } }
        switch self {
        case .convolution(let c):
            let channels = x.rank > 1 ? x[1] : 0
            return sum(product([c.filters, channels / max(c.groups, 1)] + c.kernel), c.bias ? c.filters : 0)
        case .transposedConvolution(let c):
            let channels = x.rank > 1 ? x[1] : 0
            return sum(product([channels, c.filters / max(c.groups, 1)] + c.kernel), c.bias ? c.filters : 0)
        case .dense(let units, let bias):
            return sum(product([x.dimensions.last ?? 0, units]), bias ? units : 0)
        case .embedding(let vocabulary, let dimension):
            return product([vocabulary, dimension])
        case .batchNormalization, .instanceNormalization:
            return x.rank > 1 ? product([2, x[1]]) : 0
        case .layerNormalization(let axis):
            guard let a = x.normalized(axis: axis) else { return 0 }
            return product([2] + Array(x.dimensions[a...]))
        default:
            return 0
        }
    }

    /// Batch, channels and `rank` spatial sizes of an NCHW input.
    private static func imageParts(_ x: TensorShape, rank: Int) throws(ShapeError) -> (channels: Int, spatial: [Int]) {
        try check(x.rank == rank + 2, "needs an input of rank \(rank + 2) (batch, channels, \(rank) spatial), not \(x)")
        return (x[1], x.spatial)
    }

    /// NumPy broadcasting of two shapes.
    private static func broadcast(_ a: TensorShape, _ b: TensorShape) throws(ShapeError) -> TensorShape {
        let rank = max(a.rank, b.rank)
        let padA = Array(repeating: 1, count: rank - a.rank) + a.dimensions
        let padB = Array(repeating: 1, count: rank - b.rank) + b.dimensions
        var out: [Int] = []
        for (p, q) in zip(padA, padB) {
            try check(p == q || p == 1 || q == 1, "shapes \(a) and \(b) do not broadcast")
            out.append(p == 1 ? q : p)
        }
        return TensorShape(out)
    }

    private static func check(_ condition: Bool, _ reason: @autoclosure () -> String) throws(ShapeError) {
        if !condition { throw ShapeError(reason()) }
    }
}

extension Operation.View {
    func outputShape(for x: TensorShape) throws(ShapeError) -> TensorShape {
        switch self {
        case .reshape(let target):
            var out = target.enumerated().map { i, d in d == 0 && i < x.rank ? x[i] : d }
            let known = out.filter { $0 != -1 }.reduce(1, *)
            if let hole = out.firstIndex(of: -1) {
                guard known > 0, x.elementCount % known == 0, out.filter({ $0 == -1 }).count == 1 else {
                    throw ShapeError("cannot reshape \(x) to \(target)")
                }
                out[hole] = x.elementCount / known
            }
            guard out.allSatisfy({ $0 >= 0 }), TensorShape(out).elementCount == x.elementCount else {
                throw ShapeError("cannot reshape \(x) to \(target)")
            }
            return TensorShape(out)
        case .flatten(let axis):
            guard axis >= 0, axis <= x.rank else { throw ShapeError("axis \(axis) is out of range for \(x)") }
            return TensorShape([x.dimensions[..<axis].reduce(1, *), x.dimensions[axis...].reduce(1, *)])
        case .transpose(let permutation):
            guard permutation.sorted() == Array(0..<x.rank) else {
                throw ShapeError("\(permutation) is not a permutation of the axes of \(x)")
            }
            return TensorShape(permutation.map { x[$0] })
        case .squeeze(let axes):
            let resolved = axes.compactMap { x.normalized(axis: $0) }
            guard resolved.count == axes.count, resolved.allSatisfy({ x[$0] == 1 }) else {
                throw ShapeError("cannot squeeze axes \(axes) of \(x)")
            }
            return TensorShape(x.dimensions.indices.filter { !resolved.contains($0) }.map { x[$0] })
        case .unsqueeze(let axes):
            let rank = x.rank + axes.count
            let resolved = Set(axes.map { $0 < 0 ? $0 + rank : $0 })
            guard resolved.count == axes.count, resolved.allSatisfy({ (0..<rank).contains($0) }) else {
                throw ShapeError("cannot insert axes \(axes) into \(x)")
            }
            var rest = x.dimensions.makeIterator()
            return TensorShape((0..<rank).map { resolved.contains($0) ? 1 : rest.next()! })
        }
    }
}

/// Why an operation does not fit its inputs' shapes.
struct ShapeError: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}
