import ArgumentParser

@main
struct CheckmateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkmate",
        abstract: "Find training schedules that fit a memory budget by rematerializing activations.",
        subcommands: [Solve.self, Simulate.self, Strategies.self, ZooCommand.self, MaxBatchCommand.self, Benchmark.self]
    )
}
