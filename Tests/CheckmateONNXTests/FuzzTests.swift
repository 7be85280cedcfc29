import Checkmate
import CheckmateModels
import Foundation
@testable import CheckmateONNX
import Testing

/// Damaged copies of a real model: the importer must reject them with an
/// ``ONNXImportError`` or import them into a valid training graph, never trap.
@Suite("ONNX import of damaged files", .enabled(if: OnnxPython.isAvailable, "python3 cannot import onnx"))
struct FuzzTests {
    static let original = try! Data(contentsOf: OnnxPython.lightModel("squeezenet"))

    /// Imports `data`; true when it was rejected with an import error.
    static func importRejects(_ data: Data) -> Bool {
        do {
            let graph = try ONNXModel(data: data, name: "fuzz").trainingGraph(ONNXImportOptions(batch: 2))
            // Accepted: a graph that honours its invariant, with sane sizes.
            #expect(graph.count > 0)
            #expect(graph.nodes.allSatisfy { $0.memory >= 0 && $0.cost.isFinite })
            #expect(graph.memoryLowerBound >= graph.constantMemory)
            return false
        } catch {
            #expect(!"\(error)".isEmpty)
            return true
        }
    }

    @Test("truncated copies are rejected or imported, never a crash")
    func truncations() {
        var random = SplitMix64(seed: 5)
        var rejected = 0
        for _ in 0..<150 {
            let length = Int.random(in: 0..<Self.original.count, using: &random)
            if Self.importRejects(Self.original.prefix(length)) { rejected += 1 }
        }
        // Almost every cut lands inside a weight or a node and breaks the file.
        #expect(rejected > 100)
    }

    @Test("bit-flipped copies are rejected or imported, never a crash")
    func bitFlips() {
        var random = SplitMix64(seed: 11)
        for _ in 0..<250 {
            var bytes = [UInt8](Self.original)
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] ^= 1 << UInt8.random(in: 0..<8, using: &random)
            }
            _ = Self.importRejects(Data(bytes))
        }
    }

    @Test("damage that decodes: huge, negative and zero sizes in the graph")
    func hostileFields() throws {
        let model = try Onnx_ModelProto(serializedBytes: Self.original)
        let data = try #require(model.graph.input.firstIndex { $0.name == "data_0" })
        let edits: [(inout Onnx_ModelProto) -> Void] = [
            { $0.graph.input[data].type.tensorType.shape.dim[2].dimValue = Int64.max },
            { $0.graph.input[data].type.tensorType.shape.dim[1].dimValue = -3 },
            { $0.graph.input[data].type.tensorType.shape.dim[3].dimValue = 0 },
            { $0.graph.input[data].type.tensorType.shape.dim[3].dimValue = 1 << 39 },
            { $0.graph.initializer[0].dims = [Int64.max, 2] },
            { $0.graph.initializer[0].dims = [1 << 40, 1 << 40, 0] },
            { $0.graph.initializer[0].dataType = 99 },
            { $0.graph.node[0].attribute = [] },
            { model in
                for i in model.graph.node.indices where model.graph.node[i].opType == "Conv" {
                    model.graph.node[i].attribute = [TestModel.Attribute.ints("strides", [0, 0]).proto]
                }
            },
            { model in
                for i in model.graph.node.indices where model.graph.node[i].opType == "Conv" {
                    model.graph.node[i].attribute = [TestModel.Attribute.int("group", Int64.max).proto]
                }
            },
            { model in
                for i in model.graph.node.indices where model.graph.node[i].opType == "MaxPool" {
                    model.graph.node[i].attribute = [TestModel.Attribute.ints("kernel_shape", [1 << 40, 1 << 40]).proto,
                                                     TestModel.Attribute.ints("pads", [1 << 40, 1 << 40, 1 << 40, 1 << 40]).proto]
                }
            },
            { model in
                for i in model.graph.node.indices where model.graph.node[i].opType == "Concat" {
                    model.graph.node[i].attribute = [TestModel.Attribute.int("axis", Int64.min).proto]
                }
            },
            { model in
                for i in model.graph.node.indices where model.graph.node[i].opType == "Relu" { model.graph.node[i].output = [""] }
            },
            { $0.graph.node.reverse() },
            { $0.graph.node.removeAll() },
            { $0.opsetImport = [] },
        ]
        for (number, edit) in edits.enumerated() {
            var damaged = model
            edit(&damaged)
            let rejected = Self.importRejects(try damaged.serializedBytes())
            // Node 0 is a ConstantOfShape, whose value defaults to a float 0; reversed nodes are
            // reordered; an opset of 1 still reads these operators.
            #expect(rejected == ![7, 13, 15].contains(number), "edit \(number)")
        }
    }

    @Test("extreme attribute values and shapes are rejected or imported, never a crash")
    func hostileAttributes() throws {
        let extremes: [Int64] = [0, -1, 1, 2, 3, -7, 1 << 20, 1 << 40, 1 << 62, Int64.max, Int64.min]
        var random = SplitMix64(seed: 3)
        for name in ["shufflenet", "inception_v1", "squeezenet"] {
            let model = try Onnx_ModelProto(serializedBytes: Data(contentsOf: OnnxPython.lightModel(name)))
            // The operators with attributes that shape their output (not the weights' ConstantOfShape).
            let shaping = model.graph.node.indices.filter { model.graph.node[$0].opType != "ConstantOfShape" }
            for _ in 0..<50 {
                var damaged = model
                for _ in 0..<Int.random(in: 1...3, using: &random) {
                    let n = shaping.randomElement(using: &random)!
                    let node = damaged.graph.node[n]
                    if !node.attribute.isEmpty, Bool.random(using: &random) {
                        let a = Int.random(in: 0..<node.attribute.count, using: &random)
                        var attribute = node.attribute[a]
                        attribute.i = extremes.randomElement(using: &random)!
                        attribute.ints = attribute.ints.map { _ in extremes.randomElement(using: &random)! }
                        attribute.f = [Float.nan, .infinity, -1, 0, 1e30].randomElement(using: &random)!
                        damaged.graph.node[n].attribute[a] = attribute
                    } else if let i = damaged.graph.initializer.indices.randomElement(using: &random) {
                        damaged.graph.initializer[i].int64Data = damaged.graph.initializer[i].int64Data.map { _ in
                            extremes.randomElement(using: &random)!
                        }
                    }
                }
                _ = Self.importRejects(try damaged.serializedBytes())
            }
        }
    }
}
