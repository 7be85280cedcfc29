import Checkmate
import CheckmateModels
@testable import CheckmateONNX
import Testing

@Suite("ONNX elementwise, normalization and linear operators")
struct ElementwiseTests {
    @Test("activations keep the shape and map to the zoo's activations")
    func activations() throws {
        var m = TestModel()
        m.input("x", [4, 10])
        m.reals("lo", [0])
        m.reals("hi", [6])
        m.node("Relu", ["x"], ["a"], name: "relu")
        m.node("LeakyRelu", ["a"], ["b"], name: "leaky", .float("alpha", 0.25))
        m.node("Sigmoid", ["b"], ["c"], name: "sigmoid")
        m.node("Tanh", ["c"], ["d"], name: "tanh")
        m.node("Gelu", ["d"], ["e"], name: "gelu")
        m.node("Clip", ["e", "lo", "hi"], ["f"], name: "clip")
        m.node("Softmax", ["f"], ["g"], name: "softmax")
        m.node("Dropout", ["g"], ["h", "mask"], name: "dropout")
        m.output("h")
        let network = try m.network(batch: 4)
        let expected: [(String, Operation)] = [
            ("relu", .activation(.relu)), ("leaky", .activation(.leakyRelu(alpha: 0.25))),
            ("sigmoid", .activation(.sigmoid)), ("tanh", .activation(.tanh)), ("gelu", .activation(.gelu)),
            ("clip", .activation(.clip(minimum: 0, maximum: 6))), ("softmax", .softmax(axis: 1)),
            ("dropout", .dropout(rate: 0.5)),
        ]
        for (name, operation) in expected {
            #expect(network.layer(name).operation == operation, "\(name)")
            #expect(network.layer(name).shape == [4, 10], "\(name)")
            #expect(network.layer(name).parameterCount == 0, "\(name)")
        }
        // Dropout adds its mask (one byte per element) as a forward node of its own.
        let graph = try m.trainingGraph(batch: 4)
        #expect(graph.node("dropout/mask")?.memory == 40)
        #expect(graph.inputNames(of: "dropout") == ["dropout/mask", "softmax"])
    }

    @Test("older opsets: Clip bounds and Dropout ratio as attributes, Softmax on axis 1")
    func olderOpsets() throws {
        var m = TestModel(opset: 9)
        m.input("x", [2, 3, 5])
        m.node("Clip", ["x"], ["a"], name: "clip", .float("min", -1), .float("max", 1))
        m.node("Dropout", ["a"], ["b"], name: "dropout", .float("ratio", 0.2))
        m.node("Softmax", ["b"], ["c"], name: "softmax")
        m.output("c")
        let network = try m.network(batch: 2)
        #expect(network.layer("clip").operation == .activation(.clip(minimum: -1, maximum: 1)))
        #expect(network.layer("dropout").operation == .dropout(rate: Double(Float(0.2))))
        #expect(network.layer("softmax").operation == .softmax(axis: 1))
    }

    @Test("normalizations own scale and shift; running statistics are not parameters")
    func normalizations() throws {
        var m = TestModel(opset: 17)
        m.input("x", [2, 6, 4, 4])
        for name in ["s", "b", "mean", "var"] { m.weight(name, [6]) }
        m.weight("ls", [4])
        m.weight("lb", [4])
        m.node("BatchNormalization", ["x", "s", "b", "mean", "var"], ["y"], name: "bn")
        m.node("InstanceNormalization", ["y", "s", "b"], ["z"], name: "in")
        m.node("LayerNormalization", ["z", "ls", "lb"], ["w"], name: "ln")
        m.output("w")
        let network = try m.network(batch: 2)
        #expect(network.layer("bn").operation == .batchNormalization)
        #expect(network.layer("bn").parameterCount == 12)
        // The instance normalization reads the same scale and shift: already counted.
        #expect(network.layer("in").parameterCount == 0)
        #expect(network.layer("ln").operation == .layerNormalization(axis: 3))
        #expect(network.layer("ln").parameterCount == 8)
        #expect(network.parameterCount == 20)
        #expect(network.layer("ln").shape == [2, 6, 4, 4])
    }

    @Test("binary operators broadcast; a constant operand is the layer's parameter")
    func binary() throws {
        var m = TestModel()
        m.input("x", [2, 3, 4])
        m.input("y", [2, 3, 1])
        m.weight("bias", [4])
        m.node("Add", ["x", "bias"], ["a"], name: "add")
        m.node("Mul", ["a", "y"], ["b"], name: "mul")
        m.node("Sub", ["b", "x"], ["c"], name: "sub")
        m.node("Div", ["c", "bias"], ["d"], name: "div")
        m.node("Sum", ["d", "x", "a"], ["e"], name: "sum")
        m.node("Sum", ["e", "bias"], ["f"], name: "sum1")
        m.output("f")
        let network = try m.network(batch: 2)
        #expect(network.layer("add").operation == .binary(.add))
        #expect(network.inputNames(of: "add") == ["x"])
        #expect(network.layer("add").parameterCount == 4)
        #expect(network.layer("mul").shape == [2, 3, 4])
        #expect(network.inputNames(of: "mul") == ["add", "y"])
        #expect(network.layer("div").operation == .binary(.divide))
        #expect(network.layer("div").parameterCount == 0)
        // A sum of three activations is a chain of two additions.
        #expect(network.inputNames(of: "sum/1") == ["div", "x"])
        #expect(network.inputNames(of: "sum") == ["sum/1", "add"])
        #expect(network.inputNames(of: "sum1") == ["sum"])
        #expect(network.parameterCount == 4)
    }

    @Test("shapes that do not broadcast name the node")
    func broadcastFailure() throws {
        var m = TestModel()
        m.input("x", [2, 3])
        m.input("y", [2, 4])
        m.node("Add", ["x", "y"], ["z"], name: "bad")
        m.output("z")
        #expect(throws: ONNXImportError.invalidNode(node: "'bad'", op: "Add", reason: "shapes [2, 3] and [2, 4] do not broadcast")) {
            try m.network(batch: 2)
        }
    }

    @Test("Gemm and MatMul: dense layers with a constant operand, matrix products of activations")
    func linear() throws {
        var m = TestModel()
        m.input("x", [2, 8])
        m.input("s", [2, 5, 8])
        m.input("t", [2, 8, 6])
        m.weight("w", [10, 8])
        m.weight("c", [10])
        m.weight("v", [8, 3])
        m.weight("u", [7, 5])
        m.node("Gemm", ["x", "w", "c"], ["g"], name: "fc", .int("transB", 1))
        m.node("MatMul", ["s", "v"], ["p"], name: "proj")
        m.node("MatMul", ["u", "s"], ["q"], name: "left")
        m.node("Unsqueeze", ["s", "one"], ["s4"], name: "s4")
        m.integers("one", [1])
        m.node("MatMul", ["s4", "t"], ["r"], name: "batched")
        m.node("MatMul", ["g", "vector"], ["e"], name: "vector")
        m.weight("vector", [10])
        for name in ["p", "q", "r", "e"] { m.output(name) }
        let network = try m.network(batch: 2)
        #expect(network.layer("fc").shape == [2, 10])
        #expect(network.layer("fc").operation == .dense(units: 10, bias: true))
        #expect(network.layer("fc").parameterCount == 90)
        #expect(network.layer("proj").shape == [2, 5, 3])
        #expect(network.layer("proj").operation == .dense(units: 3, bias: false))
        // A constant first operand: 7 units over the rows of s, [7, 5] x [2, 5, 8] = [2, 7, 8].
        #expect(network.layer("left").shape == [2, 7, 8])
        #expect(network.layer("left").operation == .dense(units: 7, bias: false))
        // [2, 1, 5, 8] x [2, 8, 6]: batch axes [2, 1] and [2] broadcast to [2, 2].
        #expect(network.layer("batched").shape == [2, 2, 5, 6])
        #expect(network.layer("batched").operation == .matrixMultiplication(transposeA: false, transposeB: false))
        #expect(network.inputNames(of: "batched") == ["s4", "t"])
        // A 1-D second operand loses its axis: [2, 10] x [10] = [2].
        #expect(network.layer("vector").shape == [2])
    }
}
