import CheckmateModels

/// Element arithmetic for folding constants: the shape computations models
/// do at run time (`Shape`, `Gather`, `Concat`, `Add`...) done at import.
///
/// Every function works on tensors of at most ``ConstantTensor/elementLimit``
/// elements and returns nil for larger outputs, whose elements stay unknown.
enum Folding {
    /// Row-major strides of `shape`.
    static func strides(_ shape: [Int]) -> [Int] {
        var result = Array(repeating: 1, count: shape.count)
        for i in shape.indices.reversed().dropFirst() { result[i] = result[i + 1] * shape[i + 1] }
        return result
    }

    /// The elements of a tensor of `shape` whose element at each index is `elements[source(index)]`.
    static func rearranged(
        _ elements: ConstantTensor.Elements, shape: [Int], source: ([Int]) -> Int
    ) -> ConstantTensor.Elements? {
        guard let count = Dimensions.elementCount(shape), count <= ConstantTensor.elementLimit else { return nil }
        var sources: [Int] = []
        sources.reserveCapacity(count)
        var index = Array(repeating: 0, count: shape.count)
        for _ in 0..<count {
            sources.append(source(index))
            for axis in shape.indices.reversed() {
                index[axis] += 1
                if index[axis] < shape[axis] { break }
                index[axis] = 0
            }
        }
        switch elements {
        case .integers(let values): return .integers(sources.map { values[$0] })
        case .reals(let values): return .reals(sources.map { values[$0] })
        }
    }

    /// A strided slice: on each axis in `starts`, output position `i` reads input position `start + i * step`.
    static func sliced(
        _ elements: ConstantTensor.Elements, input: [Int], output: [Int], starts: [Int: Int], steps: [Int: Int]
    ) -> ConstantTensor.Elements? {
        let strides = strides(input)
        return rearranged(elements, shape: output) { index in
            index.indices.reduce(0) { offset, axis in
                offset + ((starts[axis] ?? 0) + index[axis] * (steps[axis] ?? 1)) * strides[axis]
            }
        }
    }

    /// The parts, each with its shape, joined along `axis` into a tensor of `shape`.
    static func concatenated(
        _ parts: [(ConstantTensor.Elements, [Int])], axis: Int, into shape: [Int]
    ) -> ConstantTensor.Elements? {
        guard let count = Dimensions.elementCount(shape), count <= ConstantTensor.elementLimit else { return nil }
        let outer = shape[..<axis].reduce(1, *)
        let exact = parts.allSatisfy { if case .integers = $0.0 { true } else { false } }
        var integers: [Int64] = []
        var reals: [Double] = []
        for o in 0..<outer {
            for (elements, partShape) in parts {
                let inner = partShape[axis...].reduce(1, *)
                let range = (o * inner)..<((o + 1) * inner)
                switch elements {
                case .integers(let values):
                    if exact { integers += values[range] } else { reals += values[range].map(Double.init) }
                case .reals(let values):
                    reals += values[range]
                }
            }
        }
        return exact ? .integers(integers) : .reals(reals)
    }

    /// `a op b` with NumPy broadcasting into `shape`: exact (wrapping) for two
    /// integer tensors, in `Double` otherwise.
    ///
    /// - Throws: an error naming `node` for an integer division by zero.
    static func combine(
        _ a: ConstantTensor.Elements, _ aShape: [Int], _ b: ConstantTensor.Elements, _ bShape: [Int],
        into shape: [Int], _ op: Operation.BinaryOperator, node: NodeContext
    ) throws(ONNXImportError) -> ConstantTensor.Elements? {
        let indexA = broadcastSources(aShape, into: shape)
        let indexB = broadcastSources(bShape, into: shape)
        switch (a, b) {
        case (.integers(let x), .integers(let y)):
            guard let first = rearranged(.integers(x), shape: shape, source: indexA),
                  let second = rearranged(.integers(y), shape: shape, source: indexB) else { return nil }
            let (p, q) = (first.integerElements, second.integerElements)
            var result: [Int64] = []
            result.reserveCapacity(p.count)
            for (u, v) in zip(p, q) {
                switch op {
                case .add: result.append(u &+ v)
                case .subtract: result.append(u &- v)
                case .multiply: result.append(u &* v)
                case .divide:
                    guard v != 0 else { throw node.fail("integer division by zero while folding constants") }
                    result.append(u.dividedReportingOverflow(by: v).partialValue)
                }
            }
            return .integers(result)
        default:
            guard let first = rearranged(reals(a), shape: shape, source: indexA),
                  let second = rearranged(reals(b), shape: shape, source: indexB) else { return nil }
            let (p, q) = (first.realElements, second.realElements)
            let apply: (Double, Double) -> Double = switch op {
            case .add: (+)
            case .subtract: (-)
            case .multiply: (*)
            case .divide: (/)
            }
            return .reals(zip(p, q).map(apply))
        }
    }

    /// For a tensor of `source` broadcast into `shape`: the input index each output index reads.
    private static func broadcastSources(_ source: [Int], into shape: [Int]) -> ([Int]) -> Int {
        let strides = strides(source)
        let offset = shape.count - source.count
        return { index in
            source.indices.reduce(0) { total, axis in
                total + (source[axis] == 1 ? 0 : index[offset + axis] * strides[axis])
            }
        }
    }

    /// The elements as integers (reals truncated toward zero, clamped).
    static func integers(_ elements: ConstantTensor.Elements) -> ConstantTensor.Elements {
        switch elements {
        case .integers: elements
        case .reals(let values): .integers(values.map { $0.isNaN ? 0 : Int64(Dimensions.clamped($0.rounded(.towardZero))) })
        }
    }

    /// The elements as reals.
    static func reals(_ elements: ConstantTensor.Elements) -> ConstantTensor.Elements {
        switch elements {
        case .integers(let values): .reals(values.map(Double.init))
        case .reals: elements
        }
    }
}

extension ConstantTensor.Elements {
    /// The values when they are integers, else none.
    var integerElements: [Int64] {
        if case .integers(let values) = self { return values }
        return []
    }

    /// The values when they are reals, else none.
    var realElements: [Double] {
        if case .reals(let values) = self { return values }
        return []
    }
}
