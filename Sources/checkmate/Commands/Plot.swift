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

        @Argument(help: "The training graph (a checkmate-graph file).")
        var graph: String

        @Argument(help: "A checkmate-schedule file for that graph.")
        var schedule: String

        @Option(help: "The SVG file to write.")
        var output: String

        func run() throws {
            try reportingFailure { () throws(CommandFailure) in
                let graph = try loadGraph(self.graph)
                let data: Data
                do {
                    data = try Data(contentsOf: URL(fileURLWithPath: schedule))
                } catch {
                    throw .badInput("cannot read \(schedule): \(error.localizedDescription)")
                }
                let file: ScheduleFile
                do {
                    file = try ScheduleFile(json: data, graph: graph)
                } catch {
                    throw .badInput("\(schedule): \(error)")
                }
                let picture: SchedulePicture
                do {
                    picture = try SchedulePicture(graph: graph, schedule: file.schedule, strategy: file.strategy,
                                                  budget: file.budget)
                } catch {
                    throw .badInput("\(schedule): the schedule does not replay on \(graph.name): \(error)")
                }
                do {
                    try Data(picture.svg().utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
                } catch {
                    throw .failed("cannot write \(output): \(error.localizedDescription)")
                }
                print("wrote \(output)")
            }
        }
    }
}
