import ArgumentParser

@main
struct CheckmateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkmate",
        abstract: "Find training schedules that fit a memory budget by rematerializing activations.",
        subcommands: [
            Solve.self, Simulate.self, Strategies.self, Benchmark.self, ZooCommand.self, MaxBatchCommand.self,
            SweepCommand.self, PlotCommand.self, ReportCommand.self,
        ]
    )
}
