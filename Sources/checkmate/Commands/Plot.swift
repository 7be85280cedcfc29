import ArgumentParser
import Checkmate
import CheckmateAnalysis
import Foundation

/// `checkmate plot`: pictures as SVG files.
struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Draw pictures as SVG files.",
        subcommands: [Schedule.self])

    /// `checkmate plot schedule GRAPH SCHEDULE.json --output FILE.svg`.
    struct Schedule: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draw a schedule: its stages (computed, retained) and its memory against the budget.",
            discussion: """
                The top panel is the stage-by-node grid of the Checkmate formulation: each \
                first computation of a node closes a stage; a cell is computed (R) when the \
                stage computes the node, retained (S) when the node is in memory as the stage \
                starts. The bottom panel is memory while each step runs, with the file's \
                budget as a dashed line.
                """)

        @Argument(
            help: .graph,
            transform: GraphSource.parse)
        var graph: GraphSource

        @Argument(help: ArgumentHelp("A checkmate-schedule file for that graph.", valueName: "schedule.json"))
        var schedule: String

        @Option(help: ArgumentHelp("The SVG file to write.", valueName: "file.svg"))
        var output: String

        @OptionGroup var graphOptions: GraphOptions

        func run() throws {
            let graph = try graphOptions.load(self.graph)
            let file = try ScheduleFile.loadForCommand(schedule, graph: graph)
            let picture: SchedulePicture
            do {
                picture = try SchedulePicture(graph: graph, schedule: file.schedule, strategy: file.strategy,
                                              budget: file.budget)
            } catch {
                throw Terminal.fail("\(schedule): the schedule does not replay on \(self.graph): "
                    + error.description(in: graph), code: 2)
            }
            if let budget = file.budget, picture.replay.peakMemory > budget {
                Terminal.note("note: the schedule peaks at \(Format.bytes(picture.replay.peakMemory)) on this graph, "
                    + "over its file's budget of \(Format.bytes(budget))")
            }
            try Terminal.write(picture.svg(), to: output)
            print("wrote \(output)")
        }
    }
}
