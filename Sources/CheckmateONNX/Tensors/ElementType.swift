/// The element type of an ONNX tensor (`TensorProto.DataType`), by its code in the file.
struct ElementType: Hashable, Sendable, CustomStringConvertible {
    /// The `TensorProto.DataType` code.
    let code: Int32

    static let float = ElementType(code: 1)
    static let uint8 = ElementType(code: 2)
    static let int8 = ElementType(code: 3)
    static let int32 = ElementType(code: 6)
    static let int64 = ElementType(code: 7)
    static let string = ElementType(code: 8)
    static let bool = ElementType(code: 9)

    /// Bits per element, or nil for strings and codes this build does not know.
    var bits: Int? {
        switch code {
        case 2, 3, 9, 17, 18, 19, 20, 24: 8          // uint8, int8, bool, float8 variants
        case 4, 5, 10, 16: 16                          // uint16, int16, float16, bfloat16
        case 1, 6, 12: 32                              // float, int32, uint32
        case 7, 11, 13, 14: 64                         // int64, double, uint64, complex64
        case 15: 128                                   // complex128
        case 21, 22, 23: 4                             // uint4, int4, float4e2m1
        case 25, 26: 2                                 // uint2, int2
        case 27, 28: 6                                 // float6 variants
        default: nil
        }
    }

    /// Whether elements are integers or booleans (so folding keeps them exact).
    var isInteger: Bool {
        [2, 3, 4, 5, 6, 7, 9, 12, 13, 21, 22, 25, 26].contains(code)
    }

    /// Bytes of `count` elements, rounded up to whole bytes.
    func byteCount(_ count: Int) -> Int? {
        guard let bits else { return nil }
        let (total, overflow) = count.multipliedReportingOverflow(by: bits)
        return overflow ? nil : (total + 7) / 8
    }

    var description: String {
        let names: [Int32: String] = [
            1: "float", 2: "uint8", 3: "int8", 4: "uint16", 5: "int16", 6: "int32", 7: "int64",
            8: "string", 9: "bool", 10: "float16", 11: "double", 12: "uint32", 13: "uint64",
            14: "complex64", 15: "complex128", 16: "bfloat16",
        ]
        return names[code] ?? "type \(code)"
    }
}
