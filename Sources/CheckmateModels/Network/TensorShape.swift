/// The dimensions of a tensor, outermost first.
///
/// Image tensors are laid out `[batch, channels, height, width]` (NCHW), as
/// in ONNX; sequences are `[batch, sequence, features]`. A shape with no
/// dimensions is a scalar.
///
///     let shape: TensorShape = [32, 3, 224, 224]
///     shape.elementCount   // 4_816_896
public struct TensorShape: Hashable, Sendable {
    public var dimensions: [Int]

    public init(_ dimensions: [Int]) {
        self.dimensions = dimensions
    }

    /// The number of dimensions.
    public var rank: Int { dimensions.count }

    /// The number of elements: the product of the dimensions (1 for a scalar).
    public var elementCount: Int { dimensions.reduce(1, *) }

    /// The most elements a tensor of a network may have: 2^50, so that its
    /// bytes in any data type stay within `ByteCount.limit`.
    public static let elementLimit = 1 << 50

    /// ``elementCount``, or nil when it is above ``elementLimit`` (or a dimension is negative).
    public var checkedElementCount: Int? {
        Self.checkedProduct(dimensions)
    }

    /// The product of `factors`, or nil when it is above ``elementLimit`` or a factor is negative.
    static func checkedProduct(_ factors: [Int]) -> Int? {
        var product = 1
        for factor in factors {
            guard factor >= 0 else { return nil }
            let (next, overflow) = product.multipliedReportingOverflow(by: factor)
            guard !overflow, next <= elementLimit else { return nil }
            product = next
        }
        return product
    }

    /// The number of bytes the tensor takes in `dataType`.
    public func byteCount(_ dataType: DataType) -> Int {
        elementCount * dataType.byteCount
    }

    public subscript(axis: Int) -> Int {
        get { dimensions[axis] }
        set { dimensions[axis] = newValue }
    }

    /// `axis` counted from the end when negative (`-1` is the last), or nil when out of range.
    public func normalized(axis: Int) -> Int? {
        let resolved = axis < 0 ? axis + rank : axis
        return (0..<rank).contains(resolved) ? resolved : nil
    }

    /// The dimensions after the first two: the spatial ones of an NCHW tensor.
    public var spatial: [Int] { Array(dimensions.dropFirst(2)) }
}

extension TensorShape: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: Int...) {
        self.init(elements)
    }
}

extension TensorShape: CustomStringConvertible {
    public var description: String {
        dimensions.map(String.init).joined(separator: "x")
    }
}
