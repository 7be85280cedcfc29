import ArgumentParser
import Checkmate
import CheckmateAnalysis
import CheckmateModels
import Foundation

/// `checkmate zoo`: the built-in models.
struct ZooCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zoo",
        abstract: "List the model zoo or export a model's training graph.",
        discussion: """
            Zoo models can also be given to solve and simulate as zoo:MODEL, with the same flags:
              checkmate solve zoo:vgg19 --batch 64 --strategy chen-greedy --budget 8GiB
            """,
        subcommands: [List.self, Export.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the zoo's models.")

        func run() {
            let rows = Zoo.models.map { model in
                [model.name, model.task.rawValue, "\(model.input)", "\(model.parameterCount)", model.summary]
            }
            print(Format.table(header: ["model", "task", "input", "parameters", "description"], rows: rows))
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a zoo model's training graph as a checkmate-graph file.",
            discussion: """
                Examples:
                  checkmate zoo export resnet50 --batch 32 --output resnet50-b32.json
                  checkmate zoo export unet --batch 8 --resolution 256x256 --device a100-40gb --dtype float16
                """
        )

        @Argument(help: ArgumentHelp("The model (see `checkmate zoo list`).", valueName: "model"))
        var model: String

        @OptionGroup var graph: GraphOptions

        @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the graph (default: standard output).",
                                                        valueName: "graph.json"))
        var output: String?

        func run() throws {
            let source: GraphSource
            do {
                source = try GraphSource(argument: model.hasPrefix("zoo:") ? model : "zoo:\(model)")
            } catch {
                throw error.reported()
            }
            try ExportCommand.write(graph.load(source), to: output)
        }
    }
}
