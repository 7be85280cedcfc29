import ArgumentParser

@main
struct CheckmateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkmate",
        abstract: "Find training schedules that fit a memory budget by rematerializing activations.",
        discussion: """
            A training graph (a checkmate-graph JSON file) lists the forward, loss and \
            backward operations of one training step with their cost and output size. \
            A strategy finds a schedule that recomputes some outputs instead of keeping \
            them, so that the step fits a memory budget. To start:
              checkmate strategies
              checkmate solve examples/chain8.json --strategy griewank --budget 60% \\
                  --output schedule.json
              checkmate simulate examples/chain8.json schedule.json
            Built-in models: `checkmate zoo list`, then for example
              checkmate solve zoo:vgg19 --batch 256 --strategy chen-greedy --budget 16GiB
              checkmate max-batch resnet50 --memory 16GiB --strategy chen-greedy
            """,
        subcommands: [
            Solve.self, Simulate.self, RunCommand.self, ProfileCommand.self, Strategies.self, Bound.self, ZooCommand.self, MaxBatchCommand.self,
            ImportCommand.self, ExportCommand.self, SweepCommand.self, PlotCommand.self, ReportCommand.self, Benchmark.self,
        ]
    )
}
