/// The element type of a tensor, which fixes its bytes per element.
///
/// Training graphs use one floating-point type for activations, parameters,
/// gradients and optimizer state (`float32` by default); the integer types
/// describe index inputs such as token ids and labels.
public enum DataType: String, Hashable, Sendable, CaseIterable {
    case float32, float16, bfloat16, int64, int32, uint8

    /// Bytes per element.
    public var byteCount: Int {
        switch self {
        case .float32, .int32: 4
        case .float16, .bfloat16: 2
        case .int64: 8
        case .uint8: 1
        }
    }

    /// Whether the type holds floating-point values (and so can carry gradients).
    public var isFloatingPoint: Bool {
        switch self {
        case .float32, .float16, .bfloat16: true
        case .int64, .int32, .uint8: false
        }
    }
}
