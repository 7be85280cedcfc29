import Checkmate
import CheckmateModels
import Foundation
@testable import CheckmateONNX

/// Builds small ONNX models in tests, as `ModelProto` bytes.
///
///     var m = TestModel()
///     m.input("x", [2, 3, 8, 8])
///     m.weight("w", [4, 3, 3, 3])
///     m.node("Conv", ["x", "w"], ["y"], .ints("pads", [1, 1, 1, 1]))
///     m.output("y")
///     let network = try m.network(batch: 2)
struct TestModel {
    var opset: Int64 = 13
    var graph = Onnx_GraphProto()

    /// A dimension of a graph input: fixed, or named.
    enum Dimension: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
        case fixed(Int64)
        case named(String)

        init(integerLiteral value: Int64) { self = .fixed(value) }
        init(stringLiteral value: String) { self = .named(value) }
    }

    /// A node attribute.
    struct Attribute {
        var proto: Onnx_AttributeProto

        private init(_ name: String, _ type: Onnx_AttributeProto.AttributeType, _ fill: (inout Onnx_AttributeProto) -> Void) {
            proto = Onnx_AttributeProto()
            proto.name = name
            proto.type = type
            fill(&proto)
        }

        static func int(_ name: String, _ value: Int64) -> Attribute { Attribute(name, .int) { $0.i = value } }
        static func ints(_ name: String, _ values: [Int64]) -> Attribute { Attribute(name, .ints) { $0.ints = values } }
        static func float(_ name: String, _ value: Float) -> Attribute { Attribute(name, .float) { $0.f = value } }
        static func floats(_ name: String, _ values: [Float]) -> Attribute { Attribute(name, .floats) { $0.floats = values } }
        static func string(_ name: String, _ value: String) -> Attribute { Attribute(name, .string) { $0.s = Data(value.utf8) } }
        static func tensor(_ name: String, _ value: Onnx_TensorProto) -> Attribute { Attribute(name, .tensor) { $0.t = value } }
    }

    init(opset: Int64 = 13) {
        self.opset = opset
        graph.name = "test"
    }

    mutating func input(_ name: String, _ dimensions: [Dimension], type: Int32 = 1) {
        var info = Onnx_ValueInfoProto()
        info.name = name
        var tensor = Onnx_TypeProto.Tensor()
        tensor.elemType = type
        var shape = Onnx_TensorShapeProto()
        shape.dim = dimensions.map { dimension in
            var d = Onnx_TensorShapeProto.Dimension()
            switch dimension {
            case .fixed(let value): d.dimValue = value
            case .named(let name): d.dimParam = name
            }
            return d
        }
        tensor.shape = shape
        info.type.tensorType = tensor
        graph.input.append(info)
    }

    /// A float initializer of `dimensions`, filled with zeros (in raw_data).
    mutating func weight(_ name: String, _ dimensions: [Int64]) {
        graph.initializer.append(Self.floatTensor(name, dimensions))
    }

    /// An int64 initializer holding `values` (in int64_data), one-dimensional unless `dimensions` says otherwise.
    mutating func integers(_ name: String, _ values: [Int64], dimensions: [Int64]? = nil) {
        graph.initializer.append(Self.int64Tensor(name, values, dimensions: dimensions))
    }

    /// A float initializer holding `values` (in float_data).
    mutating func reals(_ name: String, _ values: [Float], dimensions: [Int64]? = nil) {
        var tensor = Onnx_TensorProto()
        tensor.name = name
        tensor.dataType = 1
        tensor.dims = dimensions ?? [Int64(values.count)]
        tensor.floatData = values
        graph.initializer.append(tensor)
    }

    mutating func node(_ op: String, _ inputs: [String], _ outputs: [String], name: String = "", _ attributes: Attribute...) {
        var node = Onnx_NodeProto()
        node.opType = op
        node.name = name
        node.input = inputs
        node.output = outputs
        node.attribute = attributes.map(\.proto)
        graph.node.append(node)
    }

    mutating func output(_ name: String) {
        var info = Onnx_ValueInfoProto()
        info.name = name
        graph.output.append(info)
    }

    static func floatTensor(_ name: String, _ dimensions: [Int64]) -> Onnx_TensorProto {
        var tensor = Onnx_TensorProto()
        tensor.name = name
        tensor.dataType = 1
        tensor.dims = dimensions
        tensor.rawData = Data(count: 4 * Int(dimensions.reduce(1, *)))
        return tensor
    }

    static func int64Tensor(_ name: String, _ values: [Int64], dimensions: [Int64]? = nil) -> Onnx_TensorProto {
        var tensor = Onnx_TensorProto()
        tensor.name = name
        tensor.dataType = 7
        tensor.dims = dimensions ?? [Int64(values.count)]
        tensor.int64Data = values
        return tensor
    }

    var data: Data {
        var model = Onnx_ModelProto()
        model.irVersion = 8
        var opsetID = Onnx_OperatorSetIdProto()
        opsetID.version = opset
        model.opsetImport = [opsetID]
        model.graph = graph
        return try! model.serializedBytes()
    }

    func model() throws(ONNXImportError) -> ONNXModel {
        try ONNXModel(data: data, name: "test")
    }

    func network(batch: Int, dimensions: [String: Int] = [:],
                 unknownOperators: ONNXImportOptions.UnknownOperators = .error) throws(ONNXImportError) -> Network {
        try model().network(ONNXImportOptions(batch: batch, dimensions: dimensions, unknownOperators: unknownOperators))
    }

    func trainingGraph(batch: Int) throws(ONNXImportError) -> TrainingGraph {
        try model().trainingGraph(ONNXImportOptions(batch: batch))
    }
}
