import Checkmate
import CheckmateModels
@testable import CheckmateRuntime
import Testing

/// The graph's saved-tensor rules against what the kernels really read.
@Suite struct ReadRuleTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var network: String
        var fused: Bool
        var testDescription: String { "\(network)\(fused ? ", fused" : "")" }
    }

    static let cases = TestNetworks.all.flatMap { network in [false, true].map { Case(network: network.name, fused: $0) } }

    static func program(_ probe: Case) throws -> TrainingProgram {
        let network = try TestNetworks.all.first { $0.name == probe.network }!.make()
        return try TrainingProgram(network: network, options: TrainingOptions(fusesPointwiseLayers: probe.fused))
    }

    /// Every input a node's graph gives it is read (changing it changes what
    /// the node writes), every part of every output is written by its node and
    /// read by some node, and each kernel writes the same bits when run again
    /// on the same inputs.
    @Test(arguments: cases)
    func kernelsReadExactlyWhatTheGraphKeeps(_ probe: Case) throws {
        let program = try Self.program(probe)
        let graph = program.graph
        let (reads, unwritten, nondeterministic) = try program.measureReads()
        #expect(nondeterministic.isEmpty, "nodes not deterministic: \(nondeterministic.map { graph.nodes[$0].name })")
        for (v, part) in unwritten {
            Issue.record("'\(graph.nodes[v].name)' leaves \(part.kind) of '\(program.network.layers[part.layer].name)' unwritten")
        }
        for v in graph.nodes.indices {
            for u in graph.nodes[v].inputs {
                #expect(reads.contains { $0.reader == v && $0.holder == u && $0.isRead },
                        "'\(graph.nodes[v].name)' does not read its input '\(graph.nodes[u].name)'")
            }
        }
        for u in graph.nodes.indices {
            for part in program.step.parts[u] {
                #expect(reads.contains { $0.holder == u && $0.part == part && $0.isRead },
                        "no node reads \(part.kind) of '\(program.network.layers[part.layer].name)' in '\(graph.nodes[u].name)'")
            }
        }
    }

    /// The runtime's graph is the derived one but for workspace, which only grows.
    @Test(arguments: cases)
    func theRuntimeGraphIsTheDerivedGraph(_ probe: Case) throws {
        let program = try Self.program(probe)
        let (runtime, derived) = (program.graph, program.derivedGraph)
        #expect(runtime.count == derived.count && runtime.constantMemory == derived.constantMemory)
        for (a, b) in zip(runtime.nodes, derived.nodes) {
            #expect(a.name == b.name && a.inputs == b.inputs && a.memory == b.memory && a.cost == b.cost && a.kind == b.kind)
            #expect(a.workspace >= b.workspace)
        }
        #expect(program.parameterCount == program.network.parameterCount)
    }

    @Test func layersWithoutKernelsAreNamed() throws {
        var b = NetworkBuilder(name: "lrn", input: [1, 4, 4, 4])
        let x = b.add(.localResponseNormalization(size: 3), [b.convolution(b.input, filters: 4, kernel: 1, name: "c")], name: "norm")
        _ = b.softmaxCrossEntropy(b.dense(b.flatten(x), units: 2, name: "fc"))
        let network = try b.build()
        #expect(throws: ProgramError.unsupported(layer: "norm", reason: "no kernel for lrn")) {
            try TrainingProgram(network: network)
        }
        #expect(throws: ProgramError.self) {
            try TrainingProgram(network: network, options: TrainingOptions(dataType: .float16))
        }
    }
}
