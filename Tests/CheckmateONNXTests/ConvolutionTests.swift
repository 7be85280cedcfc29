import Checkmate
import CheckmateModels
@testable import CheckmateONNX
import Testing

@Suite("ONNX convolutions and poolings")
struct ConvolutionTests {
    @Test("Conv: output size, parameters and the layer's attributes")
    func convolution() throws {
        var m = TestModel()
        m.input("x", [2, 3, 8, 8])
        m.weight("w", [4, 3, 3, 3])
        m.weight("b", [4])
        m.node("Conv", ["x", "w", "b"], ["y"], name: "conv", .ints("pads", [1, 1, 1, 1]), .ints("strides", [2, 2]))
        m.output("y")
        let network = try m.network(batch: 2)
        let conv = network.layer("conv")
        // (8 + 2 - 3) / 2 + 1 = 4
        #expect(conv.shape == [2, 4, 4, 4])
        #expect(conv.parameterCount == 4 * 3 * 9 + 4)
        #expect(conv.operation == .convolution(.init(
            filters: 4, kernel: [3, 3], stride: [2, 2], paddingBefore: [1, 1], paddingAfter: [1, 1],
            dilation: [1, 1], groups: 1, bias: true)))
        #expect(network.inputNames(of: "conv") == ["x"])
    }

    @Test("Conv: auto_pad, dilation and groups", arguments: [
        // (input, weight, attributes, output): checked with onnx.shape_inference.
        ([1, 3, 7, 7], [4, 3, 3, 3], [TestModel.Attribute.ints("strides", [2, 2]), .string("auto_pad", "SAME_UPPER")], [1, 4, 4, 4]),
        ([2, 6, 9, 9], [6, 2, 3, 3], [.ints("dilations", [2, 2]), .ints("pads", [1, 1, 1, 1]), .int("group", 3)], [2, 6, 7, 7]),
        ([1, 3, 7, 5], [2, 3, 3, 1], [.string("auto_pad", "VALID")], [1, 2, 5, 5]),
    ] as [([Int64], [Int64], [TestModel.Attribute], [Int])])
    func convolutionVariants(input: [Int64], weight: [Int64], attributes: [TestModel.Attribute], output: [Int]) throws {
        var m = TestModel()
        m.input("x", input.map { .fixed($0) })
        m.weight("w", weight)
        var node = Onnx_NodeProto()
        node.opType = "Conv"
        node.name = "conv"
        node.input = ["x", "w"]
        node.output = ["y"]
        node.attribute = attributes.map(\.proto)
        m.graph.node.append(node)
        m.output("y")
        let network = try m.network(batch: Int(input[0]))
        #expect(network.layer("conv").shape.dimensions == output)
        #expect(network.layer("conv").parameterCount == Int(weight.reduce(1, *)))
    }

    @Test("ConvTranspose: stride, pads, output_padding, groups and output_shape")
    func transposedConvolution() throws {
        var m = TestModel()
        m.input("x", [1, 2, 4, 4])
        m.weight("w", [2, 3, 3, 3])
        m.weight("g", [4, 3, 3, 3])
        m.node("ConvTranspose", ["x", "w"], ["a"], name: "up",
               .ints("strides", [2, 2]), .ints("pads", [1, 1, 1, 1]), .ints("output_padding", [1, 1]))
        m.node("Concat", ["x", "x"], ["xx"], name: "xx", .int("axis", 1))
        m.node("ConvTranspose", ["xx", "g"], ["b"], name: "grouped", .ints("strides", [2, 2]), .int("group", 2))
        m.node("ConvTranspose", ["x", "w"], ["c"], name: "shaped", .ints("strides", [2, 2]), .ints("output_shape", [10, 10]))
        for name in ["a", "b", "c"] { m.output(name) }
        let network = try m.network(batch: 1)
        // 2 (4 - 1) + 1 + 3 - 2 = 8; grouped: 2 (4 - 1) + 3 = 9 with 3 x 2 channels (checked with onnx.shape_inference).
        #expect(network.layer("up").shape == [1, 3, 8, 8])
        #expect(network.layer("up").parameterCount == 2 * 3 * 9)
        #expect(network.layer("grouped").shape == [1, 6, 9, 9])
        #expect(network.layer("shaped").shape == [1, 3, 10, 10])
        guard case .transposedConvolution(let c) = network.layer("shaped").operation else {
            Issue.record("not a transposed convolution")
            return
        }
        // 2 (4 - 1) + 3 = 9 before padding: one extra row of output padding makes 10.
        #expect(c.outputPadding == [1, 1] && c.paddingBefore == [0, 0])
    }

    @Test("pooling: floor, ceil_mode, auto_pad and global pooling", arguments: [
        // (input side, kernel, stride, pads, ceil_mode, auto_pad, output side)
        (6, 3, 2, [1, 1, 1, 1], 1, "NOTSET", 4),
        (5, 2, 2, [0, 0, 0, 0], 1, "NOTSET", 3),
        (5, 2, 2, [0, 0, 0, 0], 0, "NOTSET", 2),
        // The window that would start at 4, in the padding after the input, is dropped (the spec's rule).
        (4, 2, 2, [0, 0, 1, 1], 1, "NOTSET", 2),
        (8, 3, 2, [0, 0, 0, 0], 0, "SAME_LOWER", 4),
        (8, 3, 2, [0, 0, 0, 0], 1, "VALID", 3),
        (7, 3, 2, [0, 0, 0, 0], 0, "VALID", 3),
    ] as [(Int64, Int64, Int64, [Int64], Int64, String, Int)])
    func pooling(side: Int64, kernel: Int64, stride: Int64, pads: [Int64], ceil: Int64, autoPad: String, output: Int) throws {
        for op in ["MaxPool", "AveragePool"] {
            var m = TestModel()
            m.input("x", [1, 2, .fixed(side), .fixed(side)])
            m.node(op, ["x"], ["y", ""], name: "pool", .ints("kernel_shape", [kernel, kernel]), .ints("strides", [stride, stride]),
                   .ints("pads", pads), .int("ceil_mode", ceil), .string("auto_pad", autoPad))
            m.output("y")
            let network = try m.network(batch: 1)
            #expect(network.layer("pool").shape == [1, 2, output, output], "\(op)")
        }
    }

    @Test("global pooling and LRN keep batch and channels")
    func globalPooling() throws {
        var m = TestModel()
        m.input("x", [3, 5, 7, 9])
        m.node("LRN", ["x"], ["n"], name: "lrn", .int("size", 5))
        m.node("GlobalAveragePool", ["n"], ["g"], name: "gap")
        m.node("GlobalMaxPool", ["n"], ["h"], name: "gmp")
        m.output("g")
        m.output("h")
        let network = try m.network(batch: 3)
        #expect(network.layer("lrn").shape == [3, 5, 7, 9])
        #expect(network.layer("lrn").operation == .localResponseNormalization(size: 5))
        #expect(network.layer("gap").shape == [3, 5, 1, 1])
        #expect(network.layer("gmp").operation == .globalPooling(.max))
    }

    @Test("a conv-relu-pool chain: memory and dependencies of the training graph")
    func trainingGraph() throws {
        var m = TestModel()
        m.input("x", [2, 3, 8, 8])
        m.weight("w", [4, 3, 3, 3])
        m.node("Conv", ["x", "w"], ["c"], name: "conv", .ints("pads", [1, 1, 1, 1]))
        m.node("Relu", ["c"], ["r"], name: "relu")
        m.node("MaxPool", ["r"], ["p"], name: "pool", .ints("kernel_shape", [2, 2]), .ints("strides", [2, 2]))
        m.output("p")
        let graph = try m.trainingGraph(batch: 2)
        #expect(graph.nodes.map(\.name) == ["conv", "relu", "pool", "loss", "loss/grad", "pool/grad", "relu/grad", "conv/grad"])
        // conv and relu: 2 x 4 x 8 x 8 floats; pool: 2 x 4 x 4 x 4, and a byte each for the maximum's position.
        #expect(graph.node("conv")?.memory == 2048)
        #expect(graph.node("relu")?.memory == 2048)
        #expect(graph.node("pool")?.memory == 512 + 128)
        #expect(graph.inputNames(of: "relu") == ["conv"])
        // Max pooling's gradient reads the positions kept with its output; ReLU's its output; the
        // convolution's weight gradient reads its input, the graph input, which lives in constant memory.
        #expect(graph.inputNames(of: "pool/grad") == ["loss/grad", "pool"])
        #expect(graph.inputNames(of: "relu/grad") == ["pool/grad", "relu"])
        #expect(graph.inputNames(of: "conv/grad") == ["relu/grad"])
        // Parameters (108 floats), their gradients and momentum, the input batch and one label per example.
        #expect(graph.constantMemory == 3 * 108 * 4 + 2 * 3 * 8 * 8 * 4 + 2 * 4 * 4 * 8)
    }
}
