import ArgumentParser
import Checkmate
import CheckmateAnalysis
import CheckmateCatalog

/// `checkmate benchmark strategies`: how long each baseline takes on a random DAG.
struct StrategyBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strategies",
        abstract: "Time every baseline strategy on a random training DAG.",
        discussion: """
            Solves random:FORWARD:SEED (2 * FORWARD + 1 nodes) with each baseline \
            at the budget and prints peak, cost, overhead and solve time.

            Example:
              checkmate benchmark strategies --forward 500 --budget 60%
            """
    )

    @Option(parsing: .unconditional, help: "Forward nodes of the random graph.")
    var forward = 500

    @Option(parsing: .unconditional, help: "Seed of the random graph.")
    var seed: UInt64 = 1

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("The memory budget, as for `checkmate solve`.", valueName: "budget"),
        transform: Budget.parse)
    var budget = Budget.shareOfCheckpointAll(0.6)

    func validate() throws {
        guard forward > 0, forward <= 5000 else { throw ValidationError("--forward must be from 1 to 5000") }
    }

    func run() throws {
        let graph = TrainingGraph.random(forwardCount: forward, seed: seed)
        let bytes = try budget.bytesForCommand(graph)
        var rows: [[String]] = []
        for strategy in StrategyCatalog.baselines {
            Terminal.note("solving \(graph.name) (\(graph.count) nodes) with \(strategy.name)")
            let start = ContinuousClock.now
            let outcome = Result { () throws(StrategyError) in try strategy.solve(graph, budget: bytes) }
            let seconds = Format.fixed(Format.elapsed(since: start), digits: 3)
            switch outcome {
            case .success(let solution):
                rows.append([
                    strategy.name, "\(solution.replay.peakMemory)", Format.number(solution.replay.cost),
                    Format.fixed(solution.overhead(in: graph), digits: 3), seconds,
                ])
            case .failure(let error):
                let least: String
                if case .doesNotFit(_, _, let peak?) = error { least = "no fit, least \(peak)" } else { least = "no fit" }
                rows.append([strategy.name, least, "-", "-", seconds])
            }
        }
        print("graph \(graph.name): \(graph.count) nodes, budget \(bytes) B, cost lower bound \(Format.number(graph.totalCost))")
        print(Format.table(header: ["strategy", "peak B", "cost", "overhead", "seconds"], rows: rows))
    }
}
