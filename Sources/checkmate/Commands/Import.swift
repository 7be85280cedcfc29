import ArgumentParser
import Checkmate
import CheckmateAnalysis
import Foundation

/// `checkmate import`: an ONNX model's training graph as a checkmate-graph file.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import an ONNX model and write the training graph of one step.",
        discussion: """
            Folds constants and shape arithmetic, infers every shape at the given batch size, \
            and derives the forward, loss and backward nodes by the zoo's rules. Prints a \
            summary; every command that takes a graph also takes onnx:PATH with the same flags.

            Examples:
              checkmate import resnet50.onnx --batch 32 --output resnet50-b32.json
              checkmate import bert.onnx --batch 8 --dim sequence=128 --device v100 --output bert.json
              checkmate solve onnx:resnet50.onnx --batch 32 --strategy chen-greedy --budget 50%

            Exit status: 0 on success; 1 when a file cannot be read or written; 2 when the \
            model or an option is invalid.
            """
    )

    @Argument(help: ArgumentHelp("The ONNX model file (the onnx: prefix is optional).", valueName: "model.onnx"))
    var model: String

    @OptionGroup(title: "Graph options") var graphOptions: GraphOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the graph.", valueName: "graph.json"))
    var output: String

    func run() throws {
        guard graphOptions.batch != nil else { throw Terminal.fail("an ONNX model needs a batch size (--batch)", code: 2) }
        let path = model.hasPrefix("onnx:") ? String(model.dropFirst("onnx:".count)) : model
        Terminal.note("importing \(path)")
        let graph = try graphOptions.load(.onnx(path: path))
        try Terminal.write(graph.json(), to: output)
        let forward = graph.nodes.filter { $0.kind == .forward }
        let losses = graph.nodes.filter { $0.kind == .loss }.count
        print(Format.fields([
            ("graph", graph.name),
            ("nodes", "\(graph.count) (\(forward.count) forward, \(losses) loss, \(graph.count - forward.count - losses) backward)"),
            ("activations", Format.bytes(forward.reduce(0) { $0 + $1.memory }) + " (forward outputs)"),
            ("constant memory", Format.bytes(graph.constantMemory)),
            ("memory bound", Format.bytes(graph.memoryLowerBound)),
            ("cost", "\(Format.fixed(graph.totalCost, digits: 6)) \(graph.costUnit)"),
            ("written to", output),
        ]))
    }
}
