import Checkmate
import CheckmateModels
import Foundation
@testable import CheckmateONNX
import Testing

@Suite("ONNX constant folding")
struct FoldingTests {
    @Test("shape arithmetic folds into the reshape it feeds")
    func dynamicFlatten() throws {
        // y = reshape(x, concat(shape(x)[0:1] * 2, [-1])) as exporters write a flatten.
        var m = TestModel()
        m.input("x", [3, 4, 5])
        m.integers("zero", [0])
        m.integers("one", [1])
        m.integers("two", [2], dimensions: [])
        m.integers("minus", [-1])
        m.node("Shape", ["x"], ["s"], name: "shape")
        m.node("Slice", ["s", "zero", "one"], ["n"], name: "batch")
        m.node("Mul", ["n", "two"], ["n2"], name: "double")
        m.node("Concat", ["n2", "minus"], ["target"], name: "target", .int("axis", 0))
        m.node("Cast", ["target"], ["t64"], name: "cast", .int("to", 7))
        m.node("Reshape", ["x", "t64"], ["y"], name: "reshape")
        m.node("Relu", ["y"], ["z"], name: "relu")
        m.output("z")
        let network = try m.network(batch: 3)
        #expect(network.layers.map(\.name) == ["x", "reshape", "relu", "loss"])
        #expect(network.layer("reshape").shape == [6, 10])
    }

    @Test("Gather and Unsqueeze on a shape, and Shape's start and end")
    func gatherOnShape() throws {
        var m = TestModel(opset: 15)
        m.input("x", [2, 3, 4, 5])
        m.integers("index", [1], dimensions: [])
        m.integers("axes", [0])
        m.integers("rest", [-1])
        m.node("Shape", ["x"], ["s"], name: "shape", .int("start", -2))
        m.node("Gather", ["s", "index"], ["w"], name: "width")
        m.node("Unsqueeze", ["w", "axes"], ["w1"], name: "w1")
        m.node("Shape", ["x"], ["lead"], name: "lead", .int("end", 2))
        m.node("Concat", ["lead", "w1", "rest"], ["target"], name: "target", .int("axis", 0))
        m.node("Reshape", ["x", "target"], ["y"], name: "reshape")
        m.output("y")
        // shape(x)[-2:] = [4, 5], element 1 is 5, shape(x)[:2] = [2, 3]: the target is [2, 3, 5, -1].
        let network = try m.network(batch: 2)
        #expect(network.layers.map(\.name) == ["x", "reshape", "loss"])
        #expect(network.layer("reshape").shape == [2, 3, 5, 4])
    }

    @Test("ConstantOfShape and Constant outputs are weights; shared weights count once")
    func generatedWeights() throws {
        var m = TestModel()
        m.input("x", [2, 4, 6, 6])
        m.integers("wshape", [8, 4, 3, 3])
        m.integers("sshape", [8])
        m.integers("axes", [1, 2])
        var fill = TestModel.floatTensor("", [1])
        fill.rawData = Data([0, 0, 128, 63])  // 1.0
        m.node("ConstantOfShape", ["wshape"], ["w"], name: "weights", .tensor("value", fill))
        m.node("ConstantOfShape", ["sshape"], ["scale"], name: "scale")
        m.node("Unsqueeze", ["scale", "axes"], ["scale3"], name: "scale3")
        m.node("Conv", ["x", "w"], ["c"], name: "conv", .ints("pads", [1, 1, 1, 1]))
        m.node("Mul", ["c", "scale3"], ["s1"], name: "mul1")
        m.node("Mul", ["s1", "scale3"], ["s2"], name: "mul2")
        m.node("Constant", [], ["k"], name: "k", .float("value_float", 2))
        m.node("Add", ["s2", "k"], ["y"], name: "add")
        m.output("y")
        let network = try m.network(batch: 2)
        #expect(network.layers.map(\.name) == ["x", "conv", "mul1", "mul2", "add", "loss"])
        #expect(network.layer("conv").parameterCount == 8 * 4 * 9)
        #expect(network.layer("mul1").parameterCount == 8)
        #expect(network.layer("mul2").parameterCount == 0)
        #expect(network.layer("add").parameterCount == 1)
    }

    @Test("arithmetic on constants alone is folded, not scheduled")
    func constantArithmetic() throws {
        var m = TestModel()
        m.input("x", [2, 3])
        m.weight("a", [3])
        m.weight("b", [3])
        m.node("Mul", ["a", "b"], ["ab"], name: "product")
        m.node("Sub", ["ab", "a"], ["d"], name: "difference")
        m.node("Add", ["x", "d"], ["y"], name: "add")
        m.output("y")
        let network = try m.network(batch: 2)
        #expect(network.layers.map(\.name) == ["x", "add", "loss"])
        // The folded operand is made from both weights.
        #expect(network.layer("add").parameterCount == 6)
    }

    @Test("integer division by zero while folding is an error naming the node")
    func divisionByZero() throws {
        var m = TestModel()
        m.input("x", [2, 3])
        m.integers("six", [6])
        m.integers("zero", [0])
        m.node("Div", ["six", "zero"], ["q"], name: "divide")
        m.node("Reshape", ["x", "q"], ["y"], name: "reshape")
        m.output("y")
        #expect(throws: ONNXImportError.invalidNode(
            node: "'divide'", op: "Div", reason: "integer division by zero while folding constants")) {
            try m.network(batch: 2)
        }
    }

    @Test("a reshape whose shape comes from the data itself is rejected")
    func dataDependentShape() throws {
        var m = TestModel()
        m.input("x", [2, 3], type: 7)
        m.node("Reshape", ["x", "x"], ["y"], name: "reshape")
        m.output("y")
        #expect(throws: ONNXImportError.invalidNode(
            node: "'reshape'", op: "Reshape", reason: "input 1 ('x') must be a constant known at import time")) {
            try m.network(batch: 2)
        }
    }
}
