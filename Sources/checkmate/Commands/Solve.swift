import ArgumentParser
import Checkmate
import CheckmateAnalysis

/// `checkmate solve`: find a schedule within a budget with one strategy.
struct Solve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find a schedule for a training graph that fits a memory budget.",
        discussion: """
            Runs one strategy on the graph, replays the schedule it returns, prints \
            a short summary (strategy, peak, budget, cost, overhead, lower bounds, \
            time) and, with --output, writes the schedule as a checkmate-schedule \
            JSON file that `checkmate simulate` replays.

            Examples:
              checkmate solve examples/chain8.json --strategy griewank --budget 60%
              checkmate solve model.json --strategy chen-greedy --budget 12GiB \\
                  --output schedule.json
              checkmate solve random:500 --strategy chen-sqrtn --budget 800MB --json
              checkmate solve zoo:vgg19 --batch 256 --strategy chen-greedy --budget 16GiB
              checkmate solve random:50 --strategy milp --budget 50% --time-limit 60

            Exit status: 0 when a schedule fits; 1 when a file cannot be read or \
            written; 2 when an input is invalid; 3 when this strategy finds no \
            schedule within the budget.
            """
    )

    @Argument(
        help: .graph,
        transform: GraphSource.parse)
    var graph: GraphSource

    @OptionGroup(title: "Graph options") var graphOptions: GraphOptions

    @OptionGroup var strategyOption: StrategyOption

    @OptionGroup var budgetOption: BudgetOption

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the schedule to this file.", valueName: "schedule.json"))
    var output: String?

    @Flag(help: "Print the summary as JSON instead of text.")
    var json = false

    @OptionGroup(title: "Solver options (milp, lp-rounding)")
    var solver: SolverOptions

    func run() throws {
        let graph = try graphOptions.load(self.graph)
        let strategy = strategyOption.strategy.strategy
        let budget = budgetOption.budget
        let bytes = try budget.bytesForCommand(graph)
        Terminal.note("solving \(self.graph) (\(graph.count) nodes) with \(strategy.name) within \(Format.bytes(bytes))")
        if strategy is MILPStrategy || strategy is LPRounding {
            solver.noteUnboundedLP(on: graph, doing: strategy.name, bounded: "returns the best schedule by then")
        }
        let start = ContinuousClock.now
        var solution: Solution
        do {
            solution = try strategy.solve(graph, budget: bytes, options: solver.solveOptions())
        } catch {
            throw error.reported()
        }
        solution.solveSeconds = Format.elapsed(since: start)
        Terminal.note("done in \(Format.seconds(solution.solveSeconds))")
        if let output {
            do {
                try ScheduleFile(solution: solution, graph: graph).write(to: output, graph: graph)
            } catch {
                throw error.reported()
            }
        }
        let summary = SolveSummary(graph: graph, source: self.graph.description, budget: budget,
                                   solution: solution, output: output)
        print(json ? summary.json : summary.text)
    }
}
