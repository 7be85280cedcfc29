import ArgumentParser
import Checkmate
import CheckmateONNX
import Foundation

/// `checkmate import`: an ONNX model's training graph as a checkmate-graph file.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import an ONNX model and write the training graph of one step.",
        discussion: """
            Folds constants and shape arithmetic, infers every shape at the given batch size, \
            and derives the forward, loss and backward nodes by the zoo's rules. Prints a summary \
            to standard output.

            Examples:
              checkmate import resnet50.onnx --batch 32 --output resnet50-b32.json
              checkmate import bert.onnx --batch 8 --dim sequence=128 --device v100 --output bert.json

            Exit status: 0 on success; 1 when a file cannot be read or written; 2 when the \
            model or an option is invalid.
            """
    )

    @Argument(help: ArgumentHelp("The ONNX model file (`onnx:` prefix optional).", valueName: "model.onnx"))
    var model: String

    @OptionGroup var graph: ONNXGraphOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the graph.", valueName: "graph.json"))
    var output: String

    func run() throws {
        try reportingFailure { () throws(CommandFailure) in
            let model = try ONNXGraphOptions.model(at: model)
            printError("importing \(model.name) (opset \(model.opsetVersion)) at batch \(graph.batch)")
            let training = try graph.trainingGraph(model)
            do {
                try training.json().write(to: URL(fileURLWithPath: output))
            } catch {
                throw .failed("cannot write \(output): \(error.localizedDescription)")
            }
            let forward = training.nodes.filter { $0.kind == .forward }
            let losses = training.nodes.filter { $0.kind == .loss }.count
            print("graph:            \(training.name)")
            print("nodes:            \(training.count) (\(forward.count) forward, \(losses) loss, "
                + "\(training.count - forward.count - losses) backward)")
            print("activations:      \(ByteCount(forward.reduce(0) { $0 + $1.memory })) (forward outputs)")
            print("constant memory:  \(ByteCount(training.constantMemory))")
            print("memory bound:     \(ByteCount(training.memoryLowerBound))")
            print("cost:             \(training.costLowerBound) \(training.costUnit)")
            print("written to:       \(output)")
        }
    }
}
