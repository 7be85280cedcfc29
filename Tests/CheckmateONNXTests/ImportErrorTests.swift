import Checkmate
import CheckmateModels
import Foundation
@testable import CheckmateONNX
import Testing

@Suite("ONNX import errors")
struct ImportErrorTests {
    /// A valid two-node model to break in the tests.
    static func chain() -> TestModel {
        var m = TestModel()
        m.input("x", [2, 3])
        m.node("Relu", ["x"], ["a"], name: "first")
        m.node("Sigmoid", ["a"], ["b"], name: "second")
        m.output("b")
        return m
    }

    @Test("bytes that are not ONNX")
    func notONNX() throws {
        for bytes in [Data("hello, this is not a model\n".utf8), Data(), Data([0xFF, 0xFF, 0xFF])] {
            #expect {
                try ONNXModel(data: bytes)
            } throws: { error in
                guard case ONNXImportError.notONNX = error else { return false }
                return true
            }
        }
    }

    @Test("a missing file names the path")
    func missingFile() throws {
        #expect {
            try ONNXModel(contentsOf: URL(fileURLWithPath: "/nonexistent/model.onnx"))
        } throws: { error in
            guard case ONNXImportError.unreadable(let path, _) = error else { return false }
            return path == "/nonexistent/model.onnx"
        }
    }

    @Test("a cycle names its nodes")
    func cycle() throws {
        var m = TestModel()
        m.input("x", [2, 3])
        m.node("Add", ["x", "c"], ["a"], name: "a")
        m.node("Relu", ["a"], ["b"], name: "b")
        m.node("Relu", ["b"], ["c"], name: "c")
        m.output("c")
        #expect(throws: ONNXImportError.cycle(["'a'", "'b'", "'c'", "'a'"])) { try m.model() }
    }

    @Test("undefined and doubly defined tensors")
    func names() throws {
        var m = Self.chain()
        m.graph.node[1].input = ["missing"]
        #expect(throws: ONNXImportError.undefinedInput(node: "'second'", op: "Sigmoid", input: "missing")) { try m.model() }
        m = Self.chain()
        m.graph.node[1].output = ["a"]
        #expect(throws: ONNXImportError.invalidModel("node 'second' (Sigmoid) defines 'a', which is already defined")) {
            try m.model()
        }
        m = Self.chain()
        m.graph.output[0].name = "nowhere"
        #expect(throws: ONNXImportError.invalidModel(
            "graph output 'nowhere' is not produced by any node, input or initializer")) { try m.network(batch: 2) }
    }

    @Test("an unknown operator names the op and the node, unless it may be treated as elementwise")
    func unknownOperator() throws {
        var m = Self.chain()
        m.graph.node[1].opType = "Swish"
        #expect(throws: ONNXImportError.unsupportedOperator(op: "Swish", node: "'second'")) { try m.network(batch: 2) }
        let network = try m.network(batch: 2, unknownOperators: .elementwise)
        #expect(network.layer("second").operation == .elementwise("Swish"))
        #expect(network.layer("second").shape == [2, 3])
        m.graph.node[1].domain = "com.example"
        #expect(throws: ONNXImportError.unsupportedOperator(op: "com.example.Swish", node: "'second'")) { try m.network(batch: 2) }
        // Unnamed nodes are named by their position.
        m.graph.node[1].name = ""
        #expect(throws: ONNXImportError.unsupportedOperator(op: "com.example.Swish", node: "#1")) { try m.network(batch: 2) }
    }

    @Test("symbolic dimensions: --batch, --dim, and what is left unset")
    func dimensions() throws {
        var m = TestModel()
        m.input("ids", ["batch", "sequence"], type: 7)
        m.input("mask", ["batch", "sequence"])
        m.weight("table", [50, 8])
        m.node("Gather", ["table", "ids"], ["e"], name: "embed")
        m.node("Unsqueeze", ["mask", "axes"], ["m3"], name: "m3")
        m.integers("axes", [2])
        m.node("Mul", ["e", "m3"], ["y"], name: "masked")
        m.output("y")
        #expect(throws: ONNXImportError.unresolvedDimension(input: "ids", dimension: "sequence")) { try m.network(batch: 4) }
        let network = try m.network(batch: 4, dimensions: ["sequence": 16])
        #expect(network.layer("masked").shape == [4, 16, 8])
        #expect(throws: ONNXImportError.invalidOption("--dim width: no graph input has a dimension called 'width'")) {
            try m.network(batch: 4, dimensions: ["sequence": 16, "width": 3])
        }
        #expect(throws: ONNXImportError.invalidOption("the batch size must be at least 1, not 0")) {
            try m.network(batch: 0, dimensions: ["sequence": 16])
        }
        #expect {
            try m.network(batch: 4, dimensions: ["sequence": 16, "batch": 8])
        } throws: { error in
            guard case ONNXImportError.invalidOption = error else { return false }
            return true
        }
    }

    @Test("shapes that do not infer name the node and the rule")
    func badShapes() throws {
        var m = TestModel()
        m.input("x", [2, 3, 8, 8])
        m.weight("w", [4, 5, 3, 3])
        m.node("Conv", ["x", "w"], ["y"], name: "conv")
        m.output("y")
        #expect(throws: ONNXImportError.invalidNode(
            node: "'conv'", op: "Conv", reason: "weight [4, 5, 3, 3] with group 1 does not fit 3 input channels")) {
            try m.network(batch: 2)
        }
        m.graph.initializer[0] = TestModel.floatTensor("w", [4, 3, 9, 9])
        #expect(throws: ONNXImportError.invalidNode(
            node: "'conv'", op: "Conv", reason: "the window 9 does not fit spatial axis 0 of [2, 3, 8, 8] with its padding")) {
            try m.network(batch: 2)
        }
        m.graph.initializer[0] = TestModel.floatTensor("w", [4, 3, 3, 3])
        m.graph.node[0].attribute = [TestModel.Attribute.ints("strides", [0, 1]).proto]
        #expect(throws: ONNXImportError.invalidNode(
            node: "'conv'", op: "Conv", reason: "strides [0, 1] must have 2 values of at least 1")) {
            try m.network(batch: 2)
        }
    }

    @Test("a tensor whose data does not fit its shape")
    func badTensor() throws {
        var m = Self.chain()
        var weight = TestModel.floatTensor("w", [3])
        weight.rawData = Data(count: 10)
        m.graph.initializer.append(weight)
        #expect(throws: ONNXImportError.invalidTensor(name: "w", reason: "raw_data has 10 bytes; 3 float elements need 12")) {
            try m.network(batch: 2)
        }
        weight.clearRawData()
        weight.floatData = [1, 2]
        m.graph.initializer[0] = weight
        #expect(throws: ONNXImportError.invalidTensor(name: "w", reason: "float_data has 2 values; shape [3] needs 3")) {
            try m.network(batch: 2)
        }
        weight.dims = [1 << 30, 1 << 30]
        m.graph.initializer[0] = weight
        #expect(throws: ONNXImportError.invalidTensor(name: "w", reason: "shape [1073741824, 1073741824] has more than 2^40 elements")) {
            try m.network(batch: 2)
        }
    }

    @Test("an output the importer does not model may not be read")
    func unmodelledOutput() throws {
        var m = TestModel()
        m.input("x", [1, 1, 4, 4])
        m.node("MaxPool", ["x"], ["y", "indices"], name: "pool", .ints("kernel_shape", [2, 2]))
        m.node("Relu", ["indices"], ["z"], name: "relu")
        m.output("z")
        #expect(throws: ONNXImportError.invalidNode(
            node: "'relu'", op: "Relu", reason: "input 0 is output 1 of node 'pool' (MaxPool), which is not modelled")) {
            try m.network(batch: 1)
        }
    }

    @Test("a graph whose outputs do not depend on its inputs has nothing to train")
    func constantOutput() throws {
        var m = TestModel()
        m.input("x", [2, 3])
        m.weight("w", [3])
        m.node("Relu", ["w"], ["y"], name: "relu")
        m.output("y")
        #expect(throws: ONNXImportError.invalidModel("no graph output depends on the graph inputs")) { try m.network(batch: 2) }
    }

    @Test("error messages name what is wrong")
    func messages() {
        #expect("\(ONNXImportError.unsupportedOperator(op: "Swish", node: "'act'"))"
            == "node 'act': operator 'Swish' is not supported (--unknown-ops elementwise treats it as elementwise)")
        #expect("\(ONNXImportError.unresolvedDimension(input: "ids", dimension: "sequence"))"
            == "graph input 'ids': dimension 'sequence' is not set (use --dim sequence=VALUE)")
        #expect("\(ONNXImportError.cycle(["'a'", "'b'", "'a'"]))" == "the graph has a cycle through nodes 'a' -> 'b' -> 'a'")
    }
}
