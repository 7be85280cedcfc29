import ArgumentParser

@main
struct CheckmateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkmate",
        abstract: "Find training schedules that fit a memory budget by rematerializing activations.",
        subcommands: [ZooCommand.self, MaxBatchCommand.self, BenchmarkCommand.self, SweepCommand.self, PlotCommand.self, ReportCommand.self]
    )
}
