import Testing
import Checkmate
@testable import CheckmateModels

/// The forward tensors each layer kind's gradient reads.
@Suite struct BackwardRuleTests {
    /// `input -> c (conv) -> x (layer under test, reading c and maybe d) -> conv -> ... -> loss`,
    /// where `d` is a second convolution of the input; returns the graph.
    static func graph(_ layer: (inout NetworkBuilder, LayerID, LayerID) -> LayerID) throws -> TrainingGraph {
        var b = NetworkBuilder(name: "probe", input: [2, 4, 6, 6])
        let c = b.convolution(b.input, filters: 4, kernel: 3, padding: 1, name: "c")
        let d = b.convolution(b.input, filters: 4, kernel: 3, padding: 1, name: "d")
        let x = layer(&b, c, d)
        let after = b.convolution(x, filters: 2, kernel: 1, name: "after")
        _ = b.softmaxCrossEntropy(b.dense(b.flatten(after), units: 3, name: "logits"))
        return try b.build().trainingGraph()
    }

    /// Names of the forward (and loss) nodes that node `name` reads.
    static func forwardReads(of name: String, in graph: TrainingGraph) throws -> Set<String> {
        let node = try #require(graph.nodes.first { $0.name == name }, "no node \(name)")
        return Set(node.inputs.map { graph.nodes[$0] }.filter { $0.kind != .backward }.map(\.name))
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var label: String
        var operation: Operation
        var readsSecond = false
        var expected: Set<String>
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(label: "convolution reads its input", operation: .convolution(.init(filters: 4, kernel: 3, padding: 1)), expected: ["c"]),
        Case(label: "depthwise convolution reads its input",
             operation: .convolution(.init(filters: 4, kernel: 3, padding: 1, groups: 4)), expected: ["c"]),
        Case(label: "transposed convolution reads its input",
             operation: .transposedConvolution(.init(filters: 4, kernel: 3, padding: 1)), expected: ["c"]),
        Case(label: "dense reads its input", operation: .dense(units: 6, bias: true), expected: ["c"]),
        Case(label: "relu reads its output", operation: .activation(.relu), expected: ["x"]),
        Case(label: "sigmoid reads its output", operation: .activation(.sigmoid), expected: ["x"]),
        Case(label: "tanh reads its output", operation: .activation(.tanh), expected: ["x"]),
        Case(label: "leaky relu reads its output", operation: .activation(.leakyRelu(alpha: 0.1)), expected: ["x"]),
        Case(label: "leaky relu with a negative slope reads its input",
             operation: .activation(.leakyRelu(alpha: -0.5)), expected: ["c"]),
        Case(label: "clip reads its output", operation: .activation(.clip(minimum: 0, maximum: 6)), expected: ["x"]),
        Case(label: "gelu reads its input", operation: .activation(.gelu), expected: ["c"]),
        Case(label: "softmax reads its output", operation: .softmax(axis: 1), expected: ["x"]),
        Case(label: "unknown elementwise reads its input", operation: .elementwise("Sqrt"), expected: ["c"]),
        Case(label: "batch norm reads its input", operation: .batchNormalization, expected: ["c"]),
        Case(label: "layer norm reads its input", operation: .layerNormalization(axis: -1), expected: ["c"]),
        Case(label: "instance norm reads its input", operation: .instanceNormalization, expected: ["c"]),
        Case(label: "LRN reads input and output", operation: .localResponseNormalization(size: 3), expected: ["c", "x"]),
        Case(label: "max pooling reads the indices kept with its output",
             operation: .pooling(.init(.max, kernel: 2)), expected: ["x"]),
        Case(label: "global max pooling reads the indices kept with its output",
             operation: .globalPooling(.max), expected: ["x"]),
        Case(label: "average pooling reads nothing", operation: .pooling(.init(.average, kernel: 2)), expected: []),
        Case(label: "global average pooling reads nothing", operation: .globalPooling(.average), expected: []),
        Case(label: "dropout reads its mask", operation: .dropout(rate: 0.5), expected: ["x/mask"]),
        Case(label: "upsampling reads nothing", operation: .upsampling(scale: [2, 2], mode: .nearest), expected: []),
        Case(label: "padding reads nothing", operation: .pad(before: [0, 0, 1, 1], after: [0, 0, 1, 1]), expected: []),
        Case(label: "slicing reads nothing", operation: .slice(axes: [2], starts: [1], ends: [5]), expected: []),
        Case(label: "reduce-mean reads nothing", operation: .reduceMean(axes: [3], keepDimensions: true), expected: []),
        Case(label: "addition reads neither operand", operation: .binary(.add), readsSecond: true, expected: []),
        Case(label: "subtraction reads neither operand", operation: .binary(.subtract), readsSecond: true, expected: []),
        Case(label: "multiplication reads both operands", operation: .binary(.multiply), readsSecond: true, expected: ["c", "d"]),
        Case(label: "division reads both operands", operation: .binary(.divide), readsSecond: true, expected: ["c", "d"]),
        Case(label: "concatenation reads nothing", operation: .concatenation(axis: 1), readsSecond: true, expected: []),
        Case(label: "matrix product reads both operands",
             operation: .matrixMultiplication(transposeA: false, transposeB: false), readsSecond: true, expected: ["c", "d"]),
    ]

    @Test(arguments: cases)
    func gradientReads(_ probe: Case) throws {
        let graph = try Self.graph { b, c, d in
            b.add(probe.operation, probe.readsSecond ? [c, d] : [c], name: "x")
        }
        #expect(try Self.forwardReads(of: "x/grad", in: graph) == probe.expected)
    }

    @Test func viewsMakeNoNodeAndPassTheirSourceOn() throws {
        let graph = try Self.graph { b, c, _ in
            b.reshape(b.transpose(c, [0, 1, 3, 2]), to: [2, 4, 6, 6], name: "x")
        }
        #expect(!graph.nodes.contains { $0.name.hasPrefix("x") || $0.name.hasPrefix("transpose") })
        #expect(try Self.forwardReads(of: "after/grad", in: graph) == ["c"])
        let afterGradient = try #require(graph.nodes.firstIndex { $0.name == "after/grad" })
        let cGradient = try #require(graph.nodes.first { $0.name == "c/grad" })
        #expect(cGradient.inputs == [afterGradient])
    }

    @Test func theLossGradientReadsTheLossNode() throws {
        let graph = try Self.graph { b, c, _ in b.relu(c, name: "x") }
        let loss = try #require(graph.lossIndex)
        let lossGradient = try #require(graph.nodes.first { $0.name == "loss/grad" })
        #expect(lossGradient.inputs == [loss])
        #expect(graph.nodes[loss].memory == 2 * 3 * 4)   // log-probabilities of [2, 3] logits
    }

    @Test func gradientsOfATensorWithSeveralUsersAccumulate() throws {
        let graph = try Self.graph { b, c, _ in
            b.add(b.relu(c, name: "r"), b.activation(.sigmoid, c, name: "s"), name: "x")
        }
        let reads = try #require(graph.nodes.first { $0.name == "c/grad" }).inputs.map { graph.nodes[$0].name }
        #expect(Set(reads) == ["r/grad", "s/grad"])
    }

    @Test func aFirstConvolutionComputesOnlyItsWeightGradient() throws {
        let graph = try Self.graph { b, c, _ in b.relu(c, name: "x") }
        let first = try #require(graph.nodes.first { $0.name == "c/grad" })
        #expect(first.memory == 0)
        #expect(try Self.forwardReads(of: "c/grad", in: graph) == [])   // the input batch is constant memory
    }

    @Test func layersWithoutParametersBeforeAnyParameterHaveNoGradient() throws {
        var b = NetworkBuilder(name: "frozen-front", input: [2, 3, 4, 4])
        let pooled = b.maxPooling(b.input, kernel: 2, name: "pool")
        _ = b.softmaxCrossEntropy(b.dense(b.flatten(pooled), units: 2, name: "fc"))
        let graph = try b.build().trainingGraph()
        #expect(graph.nodes.map(\.name) == ["pool", "fc", "loss", "loss/grad", "fc/grad"])
        let gradient = try #require(graph.nodes.first { $0.name == "fc/grad" })
        #expect(gradient.memory == 0)
    }

    @Test func anAdditionsGradientIsOneSharedTensor() throws {
        let graph = try Self.graph { b, c, d in b.add(c, d, name: "x") }
        let gradient = try #require(graph.nodes.first { $0.name == "x/grad" })
        #expect(gradient.memory == 2 * 4 * 6 * 6 * 4)
        let concat = try Self.graph { b, c, d in b.concatenation([c, d], name: "x") }
        #expect(try #require(concat.nodes.first { $0.name == "x/grad" }).memory == 2 * 2 * 4 * 6 * 6 * 4)
    }

    @Test func maxPoolingKeepsOneBytePerMaximumUnlessTheWindowIsLarge() throws {
        let graph = try Self.graph { b, c, _ in b.maxPooling(c, kernel: 2, name: "x") }
        // [2, 4, 3, 3]: float32 values and one byte each for the position in its 2x2 window.
        #expect(try #require(graph.nodes.first { $0.name == "x" }).memory == 72 * (4 + 1))
        #expect(Operation.globalPooling(.max).maximumIndexBytes(input: [2, 4, 16, 16]) == 4)
        #expect(Operation.globalPooling(.max).maximumIndexBytes(input: [2, 4, 15, 17]) == 1)
        #expect(Operation.globalPooling(.average).maximumIndexBytes(input: [2, 4, 6, 6]) == nil)
    }

    /// Workspace: statistics while a batch norm runs, and the gradient in flight in a backward node.
    @Test func workspaceHoldsStatisticsAndGradientsInFlight() throws {
        let graph = try Self.graph { b, c, _ in
            let n = b.batchNormalization(c, name: "n")
            return b.add(b.relu(n, name: "r"), b.activation(.sigmoid, n, name: "s"), name: "x")
        }
        func workspace(_ name: String) throws -> Int { try #require(graph.nodes.first { $0.name == name }).workspace }
        let tensor = 2 * 4 * 6 * 6 * 4
        #expect(try workspace("n") == 2 * 4 * 4)                 // mean and variance of 4 channels
        #expect(try workspace("n/grad") == 2 * 4 * 4)   // statistics; r/grad + s/grad are summed in its output
        #expect(try workspace("c/grad") == 0)                    // one gradient, read in place
        #expect(try workspace("r/grad") == 0 && workspace("x/grad") == 0)
        // A convolution whose output has two users sums their gradients in its workspace.
        let branched = try Self.graph { b, c, _ in b.add(b.relu(c, name: "r"), c, name: "x") }
        #expect(try #require(branched.nodes.first { $0.name == "c/grad" }).workspace == tensor)
    }

    @Test func aNetworkWithoutALossCannotBeTrained() throws {
        var b = NetworkBuilder(name: "no-loss", input: [1, 4])
        _ = b.dense(b.input, units: 2)
        #expect(throws: NetworkError.noLoss) { try b.build().trainingGraph() }
    }
}
