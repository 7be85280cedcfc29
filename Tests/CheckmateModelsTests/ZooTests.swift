import Testing
import Checkmate
@testable import CheckmateModels

@Suite struct ZooTests {
    @Test(arguments: Zoo.models.map(\.name))
    func parameterCountMatchesThePublishedFigure(name: String) throws {
        let model = try #require(Zoo.model(named: name))
        #expect(try model.network(batch: 1).parameterCount == model.parameterCount)
    }

    @Test func publishedFiguresOfVariants() throws {
        #expect(try Zoo.uNet(batch: 1, height: 64, width: 64, channels: 1, classes: 1).parameterCount == 31_030_593)
        let bert = try Zoo.bert(batch: 1)
        let encoder = bert.layers.filter { !$0.name.hasPrefix("pooler") && !$0.name.hasPrefix("classifier") }
        #expect(encoder.reduce(0) { $0 + $1.parameterCount } == 108_891_648)
        #expect(bert.layers.filter { !$0.name.hasPrefix("classifier") }.reduce(0) { $0 + $1.parameterCount } == 109_482_240)
    }

    /// The shape of the logits (the loss's input).
    static func logits(_ network: Network) throws -> TensorShape {
        let loss = try #require(network.layers.last { $0.operation.isLoss })
        return network.layers[loss.inputs[0]].shape
    }

    @Test func outputShapes() throws {
        #expect(try Self.logits(Zoo.network(named: "vgg16", batch: 3)) == [3, 1000])
        #expect(try Self.logits(Zoo.network(named: "resnet101", batch: 2)) == [2, 1000])
        #expect(try Self.logits(Zoo.network(named: "mobilenet", batch: 2, input: .image(height: 160, width: 160))) == [2, 1000])
        #expect(try Self.logits(Zoo.network(named: "unet", batch: 2)) == [2, 2, 416, 608])
        #expect(try Self.logits(Zoo.network(named: "fcn8", batch: 1)) == [1, 21, 416, 608])
        #expect(try Self.logits(Zoo.network(named: "segnet", batch: 1, input: .image(height: 64, width: 96))) == [1, 12, 64, 96])
        #expect(try Self.logits(Zoo.network(named: "bert-base", batch: 4, input: .sequence(length: 64))) == [4, 2])
        let resnet = try Zoo.network(named: "resnet50", batch: 2)
        #expect(resnet.layers[try #require(resnet.index(named: "layer4.2.relu"))].shape == [2, 2048, 7, 7])
        let bert = try Zoo.network(named: "bert-base", batch: 4, input: .sequence(length: 64))
        #expect(bert.layers[try #require(bert.index(named: "layer0.attention.scores"))].shape == [4, 12, 64, 64])
    }

    @Test func segNetUnpoolsWithThePoolingsIndices() throws {
        let graph = try Zoo.trainingGraph(named: "segnet", batch: 1, input: .image(height: 64, width: 64))
        let pool = try #require(graph.nodes.first { $0.name == "pool1" })
        // Output [1, 64, 32, 32] in float32 plus one byte per maximum for its position in the 2x2 window.
        #expect(pool.memory == 64 * 32 * 32 * (4 + 1))
        let unpool = try #require(graph.nodes.firstIndex { $0.name == "unpool1" })
        #expect(graph.nodes[unpool].inputs.contains { graph.nodes[$0].name == "pool1" })
        let unpoolGradient = try #require(graph.nodes.first { $0.name == "unpool1/grad" })
        #expect(unpoolGradient.inputs.contains { graph.nodes[$0].name == "pool1" })
    }

    @Test func badRequestsAreErrors() {
        #expect(throws: ZooError.unknownModel("alexnet")) { try Zoo.network(named: "alexnet", batch: 1) }
        #expect(throws: ZooError.invalidBatch(0)) { try Zoo.network(named: "vgg16", batch: 0) }
        #expect(throws: ZooError.self) { try Zoo.network(named: "unet", batch: 1, input: .image(height: 100, width: 100)) }
        #expect(throws: ZooError.self) { try Zoo.network(named: "resnet50", batch: 1, input: .sequence(length: 8)) }
        #expect(throws: ZooError.self) { try Zoo.network(named: "bert-base", batch: 1, input: .sequence(length: 1024)) }
        #expect(Zoo.model(named: "zoo:VGG19")?.name == "vgg19")
        #expect(ZooModel.Input("416x608") == .image(height: 416, width: 608))
        #expect(ZooModel.Input("128") == .sequence(length: 128))
        #expect(ZooModel.Input("0x3") == nil && ZooModel.Input("axb") == nil && ZooModel.Input("1x2x3") == nil)
    }

    @Test(arguments: Zoo.models.map(\.name))
    func trainingGraphsAreWellFormed(name: String) throws {
        let graph = try Zoo.trainingGraph(named: name, batch: 2)
        let forward = graph.nodes.filter { $0.kind == .forward }.count
        let backward = graph.nodes.filter { $0.kind == .backward }.count
        #expect(graph.lossIndex != nil)
        #expect(backward > 0 && backward <= forward + 1)
        #expect(graph.nodes.allSatisfy { $0.cost > 0 })
        // Activations scale with the batch (BERT's position embeddings do not).
        let double = try Zoo.trainingGraph(named: name, batch: 4)
        if name == "bert-base" {
            #expect(double.activationMemory < 2 * graph.activationMemory)
        } else {
            #expect(double.activationMemory == 2 * graph.activationMemory)
        }
    }
}
