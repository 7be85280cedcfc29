/// Shape arithmetic that never traps: every product is checked against
/// ``maximumElements``, so sizes read from a damaged file become errors.
enum Dimensions {
    /// The most elements a tensor may have (2^40): large enough for any real
    /// model, small enough that byte totals over a whole graph fit in `Int`.
    static let maximumElements = 1 << 40

    /// The number of elements of `shape`, or nil when a dimension is negative or
    /// the product of the non-zero dimensions passes ``maximumElements`` (so
    /// that every partial product, such as a stride, is in range too).
    static func elementCount<S: Sequence<Int>>(_ shape: S) -> Int? {
        var product = 1
        var empty = false
        for dimension in shape {
            guard dimension >= 0 else { return nil }
            if dimension == 0 { empty = true; continue }
            let (next, overflow) = product.multipliedReportingOverflow(by: dimension)
            guard !overflow, next <= maximumElements else { return nil }
            product = next
        }
        return empty ? 0 : product
    }

    /// Integers from a file beyond this magnitude (2^50) are clamped to it: it is past any
    /// dimension, so "to the end" sentinels such as `INT64_MAX` keep their meaning, and
    /// sums of a few such values cannot overflow.
    static let clampLimit = 1 << 50

    static func clamped(_ value: Int64) -> Int {
        Int(max(-Int64(clampLimit), min(Int64(clampLimit), value)))
    }

    static func clamped(_ value: Double) -> Int {
        Int(max(-Double(clampLimit), min(Double(clampLimit), value)))
    }

    /// `axis` counted from the end when negative, or nil outside `0..<rank`.
    static func normalized(axis: Int, rank: Int) -> Int? {
        let resolved = axis < 0 ? axis &+ rank : axis
        return (0..<rank).contains(resolved) ? resolved : nil
    }

    /// NumPy (multidirectional) broadcasting of several shapes, or nil when they do not broadcast.
    static func broadcast(_ shapes: [[Int]]) -> [Int]? {
        let rank = shapes.map(\.count).max() ?? 0
        var result = Array(repeating: 1, count: rank)
        for shape in shapes {
            let offset = rank - shape.count
            for (i, dimension) in shape.enumerated() {
                let current = result[offset + i]
                if current == 1 {
                    result[offset + i] = dimension
                } else if dimension != 1, dimension != current {
                    return nil
                }
            }
        }
        return result
    }

    /// Renders a shape as ONNX tools do (`[1, 3, 224, 224]`).
    static func describe(_ shape: [Int]) -> String {
        "[" + shape.map(String.init).joined(separator: ", ") + "]"
    }
}
