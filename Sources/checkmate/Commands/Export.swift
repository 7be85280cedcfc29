import ArgumentParser
import Checkmate
import Foundation

/// `checkmate export`: any graph source (a file, the zoo, ONNX, a synthetic
/// graph) written as a checkmate-graph file.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write any graph a command takes (zoo:, onnx:, chain:, random:, layered:, a file) as a checkmate-graph file.",
        discussion: """
            Examples:
              checkmate export layered:1000:1 --output layered1000.json
              checkmate export zoo:resnet50 --batch 32 --fuse --output resnet50-b32-fused.json

            Exit status: 0 on success; 1 when a file cannot be read or written; 2 when the \
            graph or an option is invalid.
            """
    )

    @Argument(help: .graph, transform: GraphSource.parse)
    var graph: GraphSource

    @OptionGroup(title: "Graph options") var graphOptions: GraphOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the graph (default: standard output).",
                                                    valueName: "graph.json"))
    var output: String?

    func run() throws {
        try Self.write(graphOptions.load(graph), to: output)
    }

    /// Writes `graph` to `output`, or to standard output when it is nil.
    static func write(_ graph: TrainingGraph, to output: String?) throws {
        let data = graph.json()
        guard let output else {
            FileHandle.standardOutput.write(data + Data("\n".utf8))
            return
        }
        try Terminal.write(data, to: output)
        Terminal.note("wrote \(output): \(graph.count) nodes, constant memory \(Format.bytes(graph.constantMemory))")
    }
}
