/// A tensor whose value does not depend on the network's inputs: a weight
/// (an initializer, a `Constant` or `ConstantOfShape` output) or the result of
/// folding arithmetic on such tensors and on shapes.
///
/// Invariant: the shape has at most ``Dimensions/maximumElements`` elements;
/// `elements`, when present, holds exactly that many, in row-major order.
/// Only small tensors (shapes, axes, scales) keep their elements; the rest
/// are known by shape alone, which is all a training graph needs of a weight.
struct ConstantTensor: Sendable {
    /// The elements, exact for integer types.
    enum Elements: Sendable {
        case integers([Int64])
        case reals([Double])

        var count: Int {
            switch self {
            case .integers(let values): values.count
            case .reals(let values): values.count
            }
        }
    }

    /// Tensors with more elements than this are not read into memory.
    static let elementLimit = 1 << 16

    let shape: [Int]
    let elementType: ElementType
    let elements: Elements?
    /// The weight tensors this one is made from, by name, with their element counts:
    /// a layer that reads it owns these parameters.
    let sources: [String: Int]

    /// - Returns: nil when `shape` is too large or `elements` does not match it.
    init?(shape: [Int], elementType: ElementType, elements: Elements?, sources: [String: Int] = [:]) {
        guard let count = Dimensions.elementCount(shape) else { return nil }
        if let elements, elements.count != count { return nil }
        self.shape = shape
        self.elementType = elementType
        self.elements = elements
        self.sources = sources
    }

    /// The number of elements.
    var count: Int { Dimensions.elementCount(shape) ?? 0 }

    /// The elements as integers, when they are read and all are whole numbers in `Int` range.
    var integers: [Int]? {
        switch elements {
        case .integers(let values)?:
            return values.map(Dimensions.clamped)
        case .reals(let values)?:
            var result: [Int] = []
            result.reserveCapacity(values.count)
            for value in values {
                guard value.isFinite, value == value.rounded() else { return nil }
                result.append(Dimensions.clamped(value))
            }
            return result
        case nil:
            return nil
        }
    }

    /// The elements as real numbers, when they are read.
    var reals: [Double]? {
        switch elements {
        case .integers(let values)?: values.map(Double.init)
        case .reals(let values)?: values
        case nil: nil
        }
    }

    /// The same tensor as a weight of its own called `name`.
    func asSource(named name: String) -> ConstantTensor {
        ConstantTensor(shape: shape, elementType: elementType, elements: elements, sources: [name: count])!
    }
}
