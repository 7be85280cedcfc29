import CheckmateTestSupport
import Testing
import Checkmate
@testable import CheckmateModels

@Suite struct TrainingMemoryTests {
    /// `[2, 3] -> fc1 (5) -> fc2 (7) -> fc3 (4) -> loss`, with 20 + 42 + 32 = 94 parameters.
    static func denseChain() throws -> Network {
        var b = NetworkBuilder(name: "dense-chain", input: [2, 3])
        var x = b.input
        for (i, units) in [5, 7, 4].enumerated() { x = b.dense(x, units: units, name: "fc\(i + 1)") }
        _ = b.softmaxCrossEntropy(x)
        return try b.build()
    }

    @Test func constantMemoryArithmetic() throws {
        let network = try Self.denseChain()
        #expect(network.parameterCount == 94)
        let labels = 2 * 8
        let sgd = network.constantMemory(dataType: .float32, optimizer: .sgd)
        #expect(sgd == ConstantMemory(parameters: 376, gradients: 376, optimizerState: 0, inputBatch: 24 + labels))
        #expect(network.constantMemory(dataType: .float32, optimizer: .momentum).total == 3 * 376 + 24 + labels)
        #expect(network.constantMemory(dataType: .float32, optimizer: .adam).total == 4 * 376 + 24 + labels)
        #expect(network.constantMemory(dataType: .float16, optimizer: .adam).total == 4 * 188 + 12 + labels)
        let graph = try network.trainingGraph(TrainingOptions(optimizer: .adam))
        #expect(graph.constantMemory == 4 * 376 + 24 + labels)
    }

    @Test func memoryFollowsShapeAndDataType() throws {
        let network = try Self.denseChain()
        let single = try network.trainingGraph()
        let half = try network.trainingGraph(TrainingOptions(dataType: .bfloat16))
        #expect(single.nodes.map(\.memory) == [40, 56, 32, 32, 32, 56, 40, 0])
        #expect(half.nodes.map(\.memory) == single.nodes.map { $0.memory / 2 })
        #expect(single.nodes.map(\.name) == ["fc1", "fc2", "fc3", "loss", "loss/grad", "fc3/grad", "fc2/grad", "fc1/grad"])
    }

    /// Checkpoint all (every output kept until its last reader, no recomputation) on the dense chain,
    /// by hand: after `loss` the live set is fc1, fc2 and the log-probabilities (128 bytes); the
    /// peak comes when fc3's gradient (56 bytes, of fc2's output) is computed while fc1, fc2 and the
    /// loss gradient (32) are live: 40 + 56 + 32 + 56 = 184. That is every activation the backward
    /// pass reads, plus the gradients live at that step, plus constant memory.
    @Test func checkpointAllPeakOnAChain() throws {
        let network = try Self.denseChain()
        let graph = try network.trainingGraph(TrainingOptions(optimizer: .sgd))
        let replay = try graph.replay(keepUntilLastUse(graph).schedule(for: graph))
        #expect(replay.peakMemory == graph.constantMemory + 184)
        #expect(replay.cost == graph.totalCost)
        #expect(CheckpointAll().peakMemory(of: graph) == graph.constantMemory + 184)
        // Keeping every output to the end peaks at all activations plus constant memory.
        let keepAll = Schedule(steps: graph.nodes.indices.map { .compute($0) })
        #expect(try graph.replay(keepAll).peakMemory == graph.constantMemory + graph.activationMemory)
    }

    /// The same on a ReLU chain, where a dense layer's output is read only by the ReLU after it:
    /// the saved activations are the ReLU outputs, so checkpoint all frees each dense output at once.
    @Test func checkpointAllKeepsOnlyWhatTheBackwardPassReads() throws {
        var b = NetworkBuilder(name: "relu-chain", input: [1, 8])
        var x = b.input
        for i in 1...4 { x = b.relu(b.dense(x, units: 8, name: "fc\(i)"), name: "relu\(i)") }
        _ = b.softmaxCrossEntropy(x)
        let graph = try b.build().trainingGraph()
        let replay = try graph.replay(keepUntilLastUse(graph).schedule(for: graph))
        // 32-byte tensors: at relu4's gradient, relu1..relu4 and the loss gradient are live, plus the new gradient.
        #expect(replay.peakMemory == graph.constantMemory + 6 * 32)
    }
}

@Suite struct FusionTests {
    /// `input -> conv -> bn -> relu -> dense -> loss`, fused and not.
    static func network() throws -> Network {
        var b = NetworkBuilder(name: "fusion", input: [2, 3, 4, 4])
        var x = b.convolution(b.input, filters: 2, kernel: 3, padding: 1, name: "conv")
        x = b.relu(b.batchNormalization(x, name: "bn"), name: "relu")
        _ = b.softmaxCrossEntropy(b.dense(b.flatten(x), units: 5, name: "fc"))
        return try b.build()
    }

    @Test func pointwiseLayersShareTheirProducersNode() throws {
        let network = try Self.network()
        let plain = try network.trainingGraph()
        let fused = try network.trainingGraph(TrainingOptions(fusesPointwiseLayers: true))
        #expect(plain.nodes.map(\.name) == ["conv", "bn", "relu", "fc", "loss", "loss/grad", "fc/grad", "relu/grad", "bn/grad", "conv/grad"])
        #expect(fused.nodes.map(\.name) == ["conv+bn+relu", "fc", "loss", "loss/grad", "fc/grad", "conv+bn+relu/grad"])
        // The fused output holds relu's output and, for batch norm's gradient, the convolution's: 2 x 256 bytes.
        #expect(fused.nodes[0].memory == 512)
        #expect(fused.nodes[0].inputs.isEmpty)
        #expect(fused.nodes[5].inputs == [0, 4])
        #expect(fused.nodes[5].memory == 0)
        // Batch norm's mean and variance (2 channels) while either node runs; backward, the gradients
        // at the inner tensors in one more tensor of 256 bytes.
        #expect(fused.nodes[0].workspace == 16 && fused.nodes[5].workspace == 16 + 256)
        #expect(plain.nodes.map(\.workspace) == [0, 16, 0, 0, 0, 0, 0, 0, 16, 0])
        // Same work, fewer nodes.
        #expect(abs(fused.totalCost - plain.totalCost) < 1e-15)
        #expect(fused.constantMemory == plain.constantMemory)
    }

    @Test(arguments: Zoo.models.map(\.name))
    func fusedZooGraphsAreSmallerAndNoCheaper(name: String) throws {
        let plain = try Zoo.trainingGraph(named: name, batch: 2)
        let fused = try Zoo.trainingGraph(named: name, batch: 2, options: TrainingOptions(fusesPointwiseLayers: true))
        #expect(fused.count < plain.count)
        #expect(abs(fused.totalCost - plain.totalCost) <= 1e-9 * plain.totalCost)
    }
}
