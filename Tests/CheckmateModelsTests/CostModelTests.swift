import Foundation
import Testing
import Checkmate
@testable import CheckmateModels

@Suite struct CostModelTests {
    /// `[2, 3, 8, 8]` through 4 filters of 3x3 with padding 1 and bias: output `[2, 4, 8, 8]`,
    /// 512 elements, each 3 x 9 = 27 multiply-adds: 13,824 MACs.
    @Test func convolutionFLOPsByHand() {
        let convolution = Operation.convolution(.init(filters: 4, kernel: 3, padding: 1))
        let inputs: [TensorShape] = [[2, 3, 8, 8]]
        let output: TensorShape = [2, 4, 8, 8]
        #expect(convolution.multiplyAdds(inputs: inputs, output: output) == 13_824)
        #expect(convolution.forwardFLOPs(inputs: inputs, output: output) == 2 * 13_824 + 512)
        // Weight and bias gradients, plus the input's gradient when it needs one.
        #expect(convolution.backwardFLOPs(inputs: inputs, output: output, inputsNeedingGradient: [true],
                                          hasParameters: true) == 2 * 13_824 + 512 + 2 * 13_824)
        #expect(convolution.backwardFLOPs(inputs: inputs, output: output, inputsNeedingGradient: [false],
                                          hasParameters: true) == 2 * 13_824 + 512)
        // Depthwise: one input channel per filter, 9 MACs per output element.
        let depthwise = Operation.convolution(.init(filters: 3, kernel: 3, padding: 1, groups: 3, bias: false))
        #expect(depthwise.forwardFLOPs(inputs: inputs, output: [2, 3, 8, 8]) == 2 * 384 * 9)
    }

    @Test func otherFLOPCounts() {
        let dense = Operation.dense(units: 10, bias: false)
        #expect(dense.forwardFLOPs(inputs: [[4, 20]], output: [4, 10]) == 2 * 4 * 20 * 10)
        let product = Operation.matrixMultiplication(transposeA: false, transposeB: true)
        // [2, 5, 8] x [2, 6, 8]^T = [2, 5, 6], inner size 8.
        #expect(product.forwardFLOPs(inputs: [[2, 5, 8], [2, 6, 8]], output: [2, 5, 6]) == 2 * 60 * 8)
        #expect(product.backwardFLOPs(inputs: [[2, 5, 8], [2, 6, 8]], output: [2, 5, 6],
                                      inputsNeedingGradient: [true, false], hasParameters: false) == 2 * 60 * 8)
        let transposed = Operation.transposedConvolution(.init(filters: 2, kernel: 2, stride: 2, bias: false))
        #expect(transposed.forwardFLOPs(inputs: [[1, 3, 4, 4]], output: [1, 2, 8, 8]) == 2 * 48 * 2 * 4)
        #expect(Operation.activation(.relu).forwardFLOPs(inputs: [[10]], output: [10]) == 10)
        #expect(Operation.pooling(.init(.max, kernel: 2)).forwardFLOPs(inputs: [[1, 1, 4, 4]], output: [1, 1, 2, 2]) == 16)
        #expect(Operation.view(.flatten(axis: 1)).forwardFLOPs(inputs: [[2, 3]], output: [2, 3]) == 0)
    }

    @Test func graphCostsAreGigaFLOPs() throws {
        var b = NetworkBuilder(name: "one-conv", input: [2, 3, 8, 8])
        _ = b.softmaxCrossEntropy(b.convolution(b.input, filters: 4, kernel: 3, padding: 1, name: "conv"))
        let graph = try b.build().trainingGraph()
        #expect(graph.costUnit == "GFLOP")
        let conv = try #require(graph.nodes.first { $0.name == "conv" })
        #expect(conv.cost == 28_160 / 1e9)
        #expect(conv.metadata["flops"] == .number(28_160))
        #expect(conv.metadata["shape"] == .array([2, 4, 8, 8].map { .number($0) }))
        // The input needs no gradient: weights and bias only.
        #expect(try #require(graph.nodes.first { $0.name == "conv/grad" }).cost == 28_160 / 1e9)
    }

    @Test func rooflineTakesTheSlowerOfArithmeticAndMemory() {
        let v100 = RooflineCostModel(device: .v100)
        let computeBound = NodeWork(flops: 15.7e12, bytesMoved: 9e8)
        #expect(v100.cost(of: computeBound, dataType: .float32) == 1)
        #expect(v100.cost(of: computeBound, dataType: .float16) == 15.7 / 125)
        #expect(v100.cost(of: computeBound, dataType: .bfloat16) == 1)   // no bf16 tensor cores: FP32 rate
        let memoryBound = NodeWork(flops: 1e6, bytesMoved: 900e9)
        #expect(v100.cost(of: memoryBound, dataType: .float32) == 1)
        #expect(DeviceProfile.named("A100-80GB")?.bandwidth == 2039e9)
        #expect(DeviceProfile.all.map(\.memory) == [16, 40, 80, 80].map { $0 << 30 })
        #expect(DeviceProfile.named("tpu") == nil)
    }

    @Test func measuredProfilesReplaceCosts() throws {
        let graph = TrainingGraph.chain(length: 2)
        var times: [String: Double] = [:]
        for (i, node) in graph.nodes.enumerated() { times[node.name] = Double(i) / 10 }
        times["unrelated"] = 9
        let json = try JSONEncoder().encode(times)
        let measured = try MeasuredProfile(json: json).apply(to: graph)
        #expect(measured.nodes.map(\.cost) == graph.nodes.indices.map { Double($0) / 10 })
        #expect(measured.costUnit == "seconds")
        times["b0"] = nil
        #expect(throws: ProfileError.missingNodes(["b0"])) { try MeasuredProfile(seconds: times).apply(to: graph) }
        #expect(throws: ProfileError.invalidTime(name: "f0", value: "-1.0")) { try MeasuredProfile(seconds: ["f0": -1]) }
        #expect(throws: ProfileError.self) { try MeasuredProfile(json: Data("[1, 2]".utf8)) }
        #expect(throws: ProfileError.self) { try MeasuredProfile(json: Data("{\"f0\": \"fast\"}".utf8)) }
        #expect(throws: ProfileError.invalidTime(name: "f0", value: "a string")) { try MeasuredProfile(json: Data("{\"f0\": \"fast\"}".utf8)) }
        // Times each finite whose sum is not, and a name given twice.
        let huge = Dictionary(uniqueKeysWithValues: graph.nodes.map { ($0.name, 1.7e308) })
        #expect(throws: ProfileError.invalidGraph(.exceedsLimit("the costs up to node 0 add up to more than 1e+300"))) {
            try MeasuredProfile(seconds: huge).apply(to: graph)
        }
        #expect { try MeasuredProfile(json: Data(#"{"f0": 1, "f0": 2}"#.utf8)) } throws: { error in
            (error as? ProfileError)?.description.contains("key 'f0' appears more than once") == true
        }
    }
}
