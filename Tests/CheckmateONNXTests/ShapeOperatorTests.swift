import Checkmate
import CheckmateModels
@testable import CheckmateONNX
import Testing

/// Expected shapes here were checked with onnx.shape_inference (onnx 1.23.2).
@Suite("ONNX views, concatenation, splitting, slicing, padding, resizing, gathering, reductions")
struct ShapeOperatorTests {
    @Test("views make layers but no training nodes")
    func views() throws {
        var m = TestModel()
        m.input("x", [2, 3, 4, 5])
        m.integers("shape", [0, -1, 5])
        m.integers("axes", [1])
        m.integers("front", [0, 2])
        m.node("Reshape", ["x", "shape"], ["a"], name: "reshape")
        m.node("Transpose", ["a"], ["b"], name: "transpose", .ints("perm", [2, 0, 1]))
        m.node("Unsqueeze", ["b", "axes"], ["c"], name: "unsqueeze")
        m.node("Squeeze", ["c", "axes"], ["d"], name: "squeeze")
        m.node("Flatten", ["d"], ["e"], name: "flatten", .int("axis", 2))
        m.node("Identity", ["e"], ["f"], name: "identity")
        m.node("Relu", ["f"], ["g"], name: "relu")
        m.node("Unsqueeze", ["g", "front"], ["h"], name: "front")
        m.output("h")
        let network = try m.network(batch: 2)
        #expect(network.layer("reshape").shape == [2, 12, 5])
        #expect(network.layer("transpose").shape == [5, 2, 12])
        #expect(network.layer("unsqueeze").shape == [5, 1, 2, 12])
        #expect(network.layer("squeeze").shape == [5, 2, 12])
        #expect(network.layer("flatten").shape == [10, 12])
        #expect(network.layer("identity").shape == [10, 12])
        #expect(network.layer("front").shape == [1, 10, 1, 12])
        let graph = try m.trainingGraph(batch: 2)
        #expect(graph.nodes.filter { $0.kind == .forward }.map(\.name) == ["relu"])
        #expect(graph.node("relu")?.memory == 480)
    }

    @Test("older opsets: Squeeze and Unsqueeze axes and Reshape shape as attributes")
    func olderViews() throws {
        var m = TestModel(opset: 4)
        m.input("x", [2, 1, 6])
        m.node("Squeeze", ["x"], ["a"], name: "squeeze", .ints("axes", [1]))
        m.node("Unsqueeze", ["a"], ["b"], name: "unsqueeze", .ints("axes", [0, 3]))
        m.node("Reshape", ["b"], ["c"], name: "reshape", .ints("shape", [3, 4]))
        m.output("c")
        let network = try m.network(batch: 2)
        #expect(network.layer("squeeze").shape == [2, 6])
        #expect(network.layer("unsqueeze").shape == [1, 2, 6, 1])
        #expect(network.layer("reshape").shape == [3, 4])
    }

    @Test("a reshape to the declared batch follows the imported batch")
    func reshapeBatch() throws {
        var m = TestModel()
        m.input("x", [1, 2048, 1, 1])
        m.integers("shape", [1, 2048])
        m.node("Reshape", ["x", "shape"], ["y"], name: "reshape")
        m.output("y")
        #expect(try m.network(batch: 1).layer("reshape").shape == [1, 2048])
        #expect(try m.network(batch: 32).layer("reshape").shape == [32, 2048])
    }

    @Test("Concat and Split: a concatenation layer, and one slice layer per part")
    func concatenationAndSplit() throws {
        var m = TestModel(opset: 18)
        m.input("x", [2, 10])
        m.input("y", [2, 3])
        m.integers("sizes", [3, 7])
        m.node("Concat", ["x", "y"], ["c"], name: "concat", .int("axis", -1))
        m.node("Split", ["x"], ["a", "b", "d"], name: "thirds", .int("axis", 1), .int("num_outputs", 3))
        m.node("Split", ["x", "sizes"], ["p", "q"], name: "sized", .int("axis", -1))
        for name in ["c", "a", "b", "d", "p", "q"] { m.output(name) }
        let network = try m.network(batch: 2)
        #expect(network.layer("concat").shape == [2, 13])
        #expect(network.layer("concat").operation == .concatenation(axis: 1))
        #expect(network.inputNames(of: "concat") == ["x", "y"])
        #expect(network.layer("a").shape == [2, 4])
        #expect(network.layer("d").shape == [2, 2])
        #expect(network.layer("d").operation == .slice(axes: [1], starts: [8], ends: [10]))
        #expect(network.layer("q").shape == [2, 7])
        #expect(network.layer("q").operation == .slice(axes: [1], starts: [3], ends: [10]))
    }

    @Test("Split sizes as an attribute before opset 13, and equal parts")
    func olderSplit() throws {
        var m = TestModel(opset: 11)
        m.input("x", [2, 9])
        m.node("Split", ["x"], ["a", "b"], name: "sized", .int("axis", 1), .ints("split", [4, 5]))
        m.node("Split", ["x"], ["c", "d", "e"], name: "equal", .int("axis", 1))
        for name in ["a", "b", "c", "d", "e"] { m.output(name) }
        let network = try m.network(batch: 2)
        #expect(network.layer("b").shape == [2, 5])
        #expect(network.layer("e").shape == [2, 3])
    }

    @Test("Slice clamps bounds and walks negative steps; Slice with steps is a copy")
    func slice() throws {
        var m = TestModel()
        m.input("x", [2, 10, 8])
        m.integers("starts", [-1, 1])
        m.integers("ends", [-100, 1000])
        m.integers("axes", [1, 2])
        m.integers("steps", [-3, 2])
        m.integers("s", [2])
        m.integers("e", [Int64.max])
        m.node("Slice", ["x", "starts", "ends", "axes", "steps"], ["y"], name: "strided")
        m.integers("one", [1])
        m.node("Slice", ["x", "s", "e", "one", ""], ["z"], name: "tail")
        m.output("y")
        m.output("z")
        let network = try m.network(batch: 2)
        // Axis 1: 9, 6, 3, 0; axis 2: 1, 3, 5, 7.
        #expect(network.layer("strided").shape == [2, 4, 4])
        #expect(network.layer("strided").operation == .copy("Slice"))
        // INT64_MAX means "to the end".
        #expect(network.layer("tail").shape == [2, 8, 8])
        #expect(network.layer("tail").operation == .slice(axes: [1], starts: [2], ends: [10]))
    }

    @Test("Slice bounds as attributes before opset 10")
    func olderSlice() throws {
        var m = TestModel(opset: 9)
        m.input("x", [2, 10])
        m.node("Slice", ["x"], ["y"], name: "slice", .ints("starts", [2]), .ints("ends", [-2]), .ints("axes", [1]))
        m.output("y")
        let network = try m.network(batch: 2)
        #expect(network.layer("slice").shape == [2, 6])
        #expect(network.layer("slice").operation == .slice(axes: [1], starts: [2], ends: [8]))
    }

    @Test("Pad: pads as an input (negative ones crop) and, before opset 11, as an attribute")
    func pad() throws {
        var m = TestModel()
        m.input("x", [2, 3, 5])
        m.integers("pads", [0, 1, -1, 0, 2, 3])
        m.node("Pad", ["x", "pads"], ["y"], name: "pad")
        m.output("y")
        let network = try m.network(batch: 2)
        #expect(network.layer("pad").shape == [2, 6, 7])
        #expect(network.layer("pad").operation == .pad(before: [0, 1, -1], after: [0, 2, 3]))

        var old = TestModel(opset: 9)
        old.input("x", [1, 3, 4, 4])
        old.node("Pad", ["x"], ["y"], name: "pad", .ints("pads", [0, 0, 1, 1, 0, 0, 1, 1]), .string("mode", "reflect"))
        old.output("y")
        #expect(try old.network(batch: 1).layer("pad").shape == [1, 3, 6, 6])
    }

    @Test("Resize and Upsample: whole factors upsample, other sizes copy")
    func resize() throws {
        var m = TestModel()
        m.input("x", [2, 3, 5, 7])
        m.reals("scales", [1, 1, 2, 2])
        m.reals("odd", [1, 1, 2, 1.5])
        m.integers("sizes", [2, 3, 10, 14])
        m.node("Resize", ["x", "", "scales"], ["a"], name: "double", .string("mode", "linear"))
        m.node("Resize", ["x", "", "odd"], ["b"], name: "odd")
        m.node("Resize", ["x", "", "", "sizes"], ["c"], name: "sized")
        for name in ["a", "b", "c"] { m.output(name) }
        let network = try m.network(batch: 2)
        #expect(network.layer("double").shape == [2, 3, 10, 14])
        #expect(network.layer("double").operation == .upsampling(scale: [2, 2], mode: .bilinear))
        #expect(network.layer("odd").shape == [2, 3, 10, 10])
        #expect(network.layer("odd").operation == .copy("Resize"))
        #expect(network.layer("sized").operation == .upsampling(scale: [2, 2], mode: .nearest))

        var old = TestModel(opset: 7)
        old.input("x", [1, 3, 5, 7])
        old.node("Upsample", ["x"], ["y"], name: "up", .floats("scales", [1, 1, 3, 3]))
        old.output("y")
        #expect(try old.network(batch: 1).layer("up").shape == [1, 3, 15, 21])
    }

    @Test("Gather: a constant table read by activation indices is an embedding")
    func gather() throws {
        var m = TestModel()
        m.input("ids", [2, 7], type: 7)
        m.input("x", [2, 5, 6])
        m.weight("table", [100, 16])
        m.integers("picks", [0, 1, 2, 3, 4, -1], dimensions: [2, 3])
        m.node("Gather", ["table", "ids"], ["e"], name: "embedding")
        m.node("Gather", ["x", "picks"], ["g"], name: "gather", .int("axis", 1))
        m.output("e")
        m.output("g")
        let network = try m.network(batch: 2)
        #expect(network.layer("embedding").shape == [2, 7, 16])
        #expect(network.layer("embedding").operation == .embedding(vocabulary: 100, dimension: 16))
        #expect(network.layer("embedding").parameterCount == 1600)
        #expect(network.layer("gather").shape == [2, 2, 3, 6])
        #expect(network.layer("gather").operation == .copy("Gather"))
        #expect(network.layer("gather").parameterCount == 0)
    }

    @Test("ReduceMean: axes as an attribute before opset 18, as an input since")
    func reduceMean() throws {
        var m = TestModel()
        m.input("x", [2, 5, 6, 7])
        m.node("ReduceMean", ["x"], ["y"], name: "mean", .ints("axes", [1, -1]), .int("keepdims", 0))
        m.node("ReduceMean", ["x"], ["z"], name: "all")
        m.output("y")
        m.output("z")
        let network = try m.network(batch: 2)
        #expect(network.layer("mean").shape == [2, 6])
        #expect(network.layer("mean").operation == .reduceMean(axes: [1, 3], keepDimensions: false))
        #expect(network.layer("all").shape == [1, 1, 1, 1])

        var new = TestModel(opset: 18)
        new.input("x", [2, 5, 6])
        new.integers("axes", [2])
        new.node("ReduceMean", ["x", "axes"], ["y"], name: "mean")
        new.output("y")
        #expect(try new.network(batch: 2).layer("mean").shape == [2, 5, 1])
    }
}
