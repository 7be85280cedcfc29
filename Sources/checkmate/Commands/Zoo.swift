import ArgumentParser
import Checkmate
import CheckmateModels
import Foundation

/// `checkmate zoo`: the built-in models.
struct ZooCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zoo",
        abstract: "List the model zoo or export a model's training graph.",
        subcommands: [List.self, Export.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the zoo's models.")

        func run() {
            let rows = Zoo.models.map { model in
                [model.name, model.task.rawValue, "\(model.input)", "\(model.parameterCount)", model.summary]
            }
            print(Table(header: ["model", "task", "input", "parameters", "description"], rows: rows,
                        rightAligned: [3]))
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a zoo model's training graph as a checkmate-graph file.")

        @Argument(help: "The model (see `checkmate zoo list`).")
        var model: String

        @Option(help: "Batch size.")
        var batch: Int

        @OptionGroup var graph: ZooGraphOptions

        @Option(help: "Where to write the graph (default: standard output).")
        var output: String?

        func run() throws {
            try reportingFailure { () throws(CommandFailure) in
                let model = try ZooGraphOptions.model(named: model)
                let training = try graph.trainingGraph(model, batch: batch)
                let data = training.json()
                guard let output else {
                    FileHandle.standardOutput.write(data + Data("\n".utf8))
                    return
                }
                do {
                    try data.write(to: URL(fileURLWithPath: output))
                } catch {
                    throw .failed("cannot write \(output): \(error.localizedDescription)")
                }
                printError("wrote \(output): \(training.count) nodes, constant memory \(ByteCount(training.constantMemory))")
            }
        }
    }
}
