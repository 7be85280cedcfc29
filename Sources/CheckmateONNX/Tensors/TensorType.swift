/// The shape and element type of a tensor.
struct TensorType: Hashable, Sendable {
    var shape: [Int]
    var elementType: ElementType
}
