import Foundation

extension ConstantTensor {
    /// Reads a `TensorProto`, checking that its data fits its shape and type.
    ///
    /// Elements are decoded only for tensors of at most ``elementLimit``
    /// elements of a numeric type; data stored in an external file is not
    /// read (its shape is enough for a weight).
    /// - Throws: ``ONNXImportError/invalidTensor(name:reason:)``.
    init(proto: Onnx_TensorProto, name: String) throws(ONNXImportError) {
        let fail = { (reason: String) in ONNXImportError.invalidTensor(name: name, reason: reason) }
        var shape: [Int] = []
        for dimension in proto.dims {
            guard dimension >= 0, dimension <= Int64(Dimensions.maximumElements) else {
                throw fail("dimension \(dimension) is out of range")
            }
            shape.append(Int(dimension))
        }
        guard let count = Dimensions.elementCount(shape) else {
            throw fail("shape \(Dimensions.describe(shape)) has more than 2^40 elements")
        }
        let type = ElementType(code: proto.dataType)
        guard type.bits != nil || type == .string else {
            throw fail(proto.hasDataType ? "data type \(proto.dataType) is not an ONNX tensor type" : "has no data type")
        }
        let elements: Elements?
        if proto.dataLocation == .external {
            elements = nil
        } else if proto.hasRawData {
            guard let expected = type.byteCount(count), proto.rawData.count == expected else {
                throw fail("raw_data has \(proto.rawData.count) bytes; \(count) \(type) elements need "
                    + (type.byteCount(count).map(String.init) ?? "a typed field"))
            }
            elements = count <= Self.elementLimit ? Self.decode(raw: proto.rawData, type: type, count: count) : nil
        } else {
            elements = try Self.decodeTypedFields(proto, type: type, count: count, fail: fail)
        }
        self.init(shape: shape, elementType: type, elements: elements)!
    }

    /// Elements from the typed repeated fields, after checking their count.
    private static func decodeTypedFields(
        _ proto: Onnx_TensorProto, type: ElementType, count: Int, fail: (String) -> ONNXImportError
    ) throws(ONNXImportError) -> Elements? {
        let stored: Int
        let field: String
        // Complex numbers store two values per element; sub-byte types pack several per value.
        var expected = count
        switch type.code {
        case 1, 14:
            (stored, field) = (proto.floatData.count, "float_data")
            if type.code == 14 { expected = 2 * count }
        case 11, 15:
            (stored, field) = (proto.doubleData.count, "double_data")
            if type.code == 15 { expected = 2 * count }
        case 7:
            (stored, field) = (proto.int64Data.count, "int64_data")
        case 12, 13:
            (stored, field) = (proto.uint64Data.count, "uint64_data")
        case 8:
            (stored, field) = (proto.stringData.count, "string_data")
        default:
            (stored, field) = (proto.int32Data.count, "int32_data")
            if let bits = type.bits, bits < 8 { expected = (count * bits + 31) / 32 }
        }
        guard stored == expected || (type.bits ?? 8) < 8 && stored >= expected else {
            throw fail(stored == 0 && count > 0
                ? "has no data for its \(count) elements"
                : "\(field) has \(stored) values; shape \(Dimensions.describe(proto.dims.map { Int($0) })) needs \(expected)")
        }
        guard count <= elementLimit else { return nil }
        switch type.code {
        case 1: return .reals(proto.floatData.map(Double.init))
        case 11: return .reals(proto.doubleData)
        case 7: return .integers(proto.int64Data)
        case 12, 13: return .integers(proto.uint64Data.map { Int64(truncatingIfNeeded: $0) })
        case 2, 3, 4, 5, 6, 9: return .integers(proto.int32Data.map(Int64.init))
        case 10: return .reals(proto.int32Data.map { Double(halfToFloat(UInt16(truncatingIfNeeded: $0))) })
        case 16: return .reals(proto.int32Data.map { Double(Float(bitPattern: UInt32(UInt16(truncatingIfNeeded: $0)) << 16)) })
        default: return nil
        }
    }

    /// Elements from little-endian `raw_data` of exactly the right length.
    private static func decode(raw: Data, type: ElementType, count: Int) -> Elements? {
        let bytes = [UInt8](raw)
        func word(_ index: Int, _ width: Int) -> UInt64 {
            var value: UInt64 = 0
            for byte in 0..<width { value |= UInt64(bytes[index * width + byte]) << (8 * byte) }
            return value
        }
        let indices = 0..<count
        switch type.code {
        case 1: return .reals(indices.map { Double(Float(bitPattern: UInt32(word($0, 4)))) })
        case 11: return .reals(indices.map { Double(bitPattern: word($0, 8)) })
        case 10: return .reals(indices.map { Double(halfToFloat(UInt16(word($0, 2)))) })
        case 16: return .reals(indices.map { Double(Float(bitPattern: UInt32(word($0, 2)) << 16)) })
        case 7, 13: return .integers(indices.map { Int64(bitPattern: word($0, 8)) })
        case 6: return .integers(indices.map { Int64(Int32(bitPattern: UInt32(word($0, 4)))) })
        case 12: return .integers(indices.map { Int64(word($0, 4)) })
        case 5: return .integers(indices.map { Int64(Int16(bitPattern: UInt16(word($0, 2)))) })
        case 4: return .integers(indices.map { Int64(word($0, 2)) })
        case 3: return .integers(indices.map { Int64(Int8(bitPattern: bytes[$0])) })
        case 2: return .integers(indices.map { Int64(bytes[$0]) })
        case 9: return .integers(indices.map { bytes[$0] == 0 ? 0 : 1 })
        default: return nil
        }
    }

    /// An IEEE half-precision bit pattern as a `Float`.
    private static func halfToFloat(_ bits: UInt16) -> Float {
        let sign: Float = bits & 0x8000 == 0 ? 1 : -1
        let exponent = Int(bits >> 10) & 0x1F
        let fraction = Float(bits & 0x3FF)
        switch exponent {
        case 0: return sign * fraction * 0x1p-24
        case 31: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }
}
