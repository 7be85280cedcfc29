import Checkmate
import CheckmateCatalog
import CheckmateModels
@testable import CheckmateONNX
import Foundation
import Testing

@Suite("ONNX light models", .enabled(if: OnnxPython.isAvailable, "python3 cannot import onnx"))
struct LightModelTests {
    /// Independent counts by onnx's own shape inference: forward nodes (every node
    /// not folded and not a view, one per Split output, plus a mask per Dropout)
    /// and their output bytes in float32 (masks one byte per element, and a max
    /// pooling one more byte per output element for the position of its maximum,
    /// as every pooling in these models follows a convolution).
    static let independentCount = """
        import sys, onnx
        from onnx import shape_inference
        VIEWS = {"Reshape", "Flatten", "Squeeze", "Unsqueeze", "Transpose", "Identity"}
        for path in sys.argv[1:]:
            g = shape_inference.infer_shapes(onnx.load(path)).graph
            known = {i.name for i in g.initializer}
            shapes = {v.name: [d.dim_value for d in v.type.tensor_type.shape.dim]
                      for v in list(g.value_info) + list(g.output) + list(g.input)}
            def elements(name):
                n = 1
                for d in shapes[name]: n *= d
                return n
            forward = activation = 0
            for n in g.node:
                inputs = [i for i in n.input if i]
                if n.op_type in ("Shape", "Constant", "ConstantOfShape") or all(i in known for i in inputs):
                    known.update(o for o in n.output if o)
                    continue
                if n.op_type in VIEWS:
                    continue
                for o in (list(n.output) if n.op_type == "Split" else [n.output[0]]):
                    forward += 1
                    activation += 4 * elements(o)
                if n.op_type == "Dropout":
                    forward += 1
                    activation += elements(n.output[0])
                if n.op_type == "MaxPool":
                    window = 1
                    for k in next(a.ints for a in n.attribute if a.name == "kernel_shape"):
                        window *= k
                    activation += elements(n.output[0]) * (1 if window < 256 else 4)
            print(forward, activation)
        """

    static let models = ["resnet50", "vgg19", "squeezenet", "densenet121", "inception_v1", "inception_v2",
                         "shufflenet", "bvlc_alexnet", "zfnet512"]

    @Test("forward nodes and activation bytes match onnx's shape inference")
    func countsMatchShapeInference() throws {
        let paths = Self.models.map { OnnxPython.lightModel($0).path }
        let lines = try OnnxPython.run(Self.independentCount, arguments: paths).split(separator: "\n")
        try #require(lines.count == Self.models.count)
        for (model, line) in zip(Self.models, lines) {
            let expected = line.split(separator: " ").compactMap { Int($0) }
            let graph = try ONNXModel(contentsOf: OnnxPython.lightModel(model)).trainingGraph(ONNXImportOptions(batch: 1))
            let forward = graph.nodes.filter { $0.kind == .forward }
            #expect(forward.count == expected[0], "\(model)")
            #expect(forward.reduce(0) { $0 + $1.memory } == expected[1], "\(model)")
        }
    }
}

extension LightModelTests {
    @Test("parameter counts are the published ones")
    func parameterCounts() throws {
        // Weights and biases, plus batch normalization's scale and shift (not its running
        // statistics). The light SqueezeNet is version 1.1 (a 3x3, 64-filter first convolution).
        for (model, expected) in [("resnet50", 25_557_032), ("vgg19", 143_667_240), ("squeezenet", 1_235_496)] {
            let network = try ONNXModel(contentsOf: OnnxPython.lightModel(model)).network(ONNXImportOptions(batch: 1))
            #expect(network.parameterCount == expected, "\(model)")
        }
    }
}

/// The solvers on imported models: batch 64, pointwise layers fused into their producers.
@Suite("ONNX light models: solvers", .enabled(if: OnnxPython.isAvailable, "python3 cannot import onnx"))
struct LightModelSolverTests {
    @Test("milp and lp-rounding return valid schedules at 50% of the checkpoint-all peak", arguments: [
        ("squeezenet", false), ("resnet50", true), ("vgg19", false),
    ])
    func solversFitHalfThePeak(model: String, halfFits: Bool) throws {
        let graph = try ONNXModel(contentsOf: OnnxPython.lightModel(model))
            .trainingGraph(ONNXImportOptions(batch: 64), training: TrainingOptions(fusesPointwiseLayers: true))
        let peak = CheckpointAll().peakMemory(of: graph)
        var budget = peak / 2
        // VGG19's half is below the proven memory lower bound, so no schedule of any strategy fits it:
        // relu1_2's gradient alone holds three 64 x 64 x 224 x 224 tensors beside the parameters' state.
        // So is SqueezeNet's, whose fused convolutions' gradients hold a fourth while they run.
        // There the budget is halfway between the lower bound and the peak.
        #expect((budget >= graph.memoryLowerBound) == halfFits)
        if !halfFits { budget = (graph.memoryLowerBound + peak) / 2 }
        // The LPs take about 20 s on ResNet50; the MILP stops at 8 s with its best schedule. One
        // thread each, as the test cases run side by side.
        for (strategy, seconds) in [(StrategyCatalog.lpRounding, 300.0), (StrategyCatalog.milp, 8)] as [(any Strategy, Double)] {
            // Solution's initializer replays the schedule: it exists only if valid and within the budget.
            let options = SolveOptions(timeLimit: seconds, threads: 1)
            let solution = try strategy.solve(graph, budget: budget, options: options)
            #expect(solution.replay.peakMemory <= budget, "\(model) \(strategy.name)")
            #expect(solution.replay.cost >= graph.totalCost * (1 - 1e-9), "\(model) \(strategy.name)")
            #expect(solution.schedule.computeCounts(nodeCount: graph.count).allSatisfy { $0 >= 1 })
        }
    }
}

extension LightModelTests {
    @Test("the batch scales every activation: literal reshapes to batch 1 follow --batch")
    func batchScaling() throws {
        for model in ["resnet50", "vgg19", "shufflenet"] {
            let onnx = try ONNXModel(contentsOf: OnnxPython.lightModel(model))
            let one = try onnx.trainingGraph(ONNXImportOptions(batch: 1))
            let eight = try onnx.trainingGraph(ONNXImportOptions(batch: 8))
            #expect(eight.count == one.count, "\(model)")
            for (a, b) in zip(one.nodes, eight.nodes) where a.kind == .forward {
                #expect(b.memory == 8 * a.memory, "\(model) \(a.name)")
            }
        }
    }
}

extension LightModelTests {
    @Test("a zoo model and the same model through ONNX give the same graph, but for ONNX's final softmax")
    func zooComparison() throws {
        for model in ["resnet50", "vgg19"] {
            let zoo = try Zoo.trainingGraph(named: model, batch: 2, input: nil, options: TrainingOptions())
            let onnx = try ONNXModel(contentsOf: OnnxPython.lightModel(model)).trainingGraph(ONNXImportOptions(batch: 2))
            let zooForward = zoo.nodes.filter { $0.kind == .forward }
            let onnxForward = onnx.nodes.filter { $0.kind == .forward }
            let zooBytes = zooForward.reduce(0) { $0 + $1.memory }
            let onnxBytes = onnxForward.reduce(0) { $0 + $1.memory }
            // The exported model ends in a Softmax (2 x 1000 floats) that the zoo's loss includes.
            #expect(onnxForward.count == zooForward.count + 1, "\(model)")
            #expect(onnxBytes - zooBytes == 2 * 1000 * 4, "\(model)")
            #expect(onnx.count == zoo.count + 2, "\(model)")
            #expect(onnx.constantMemory == zoo.constantMemory, "\(model)")
            #expect(onnx.memoryLowerBound == zoo.memoryLowerBound, "\(model)")
        }
    }
}
