import ArgumentParser
import Checkmate
import CheckmateAnalysis
import CheckmateCatalog
import Foundation

/// `checkmate benchmark solvers`: the MILP and LP rounding on random layered DAGs.
struct SolverBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solvers",
        abstract: "Run the MILP and LP rounding on random training DAGs at several budgets.",
        discussion: """
            For each size N, builds random:N/2:SEED (N + 1 nodes, layers of up to three \
            forward nodes), and for each budget runs milp and lp-rounding with the time \
            limit, printing per case: nodes, budget, cost, overhead, lower bound, gap \
            between them, whether the solver proved optimality, and seconds. The MILP's \
            time includes its warm starts (the baselines and LP rounding).

            Example (the README's numbers):
              swift build -c release
              .build/release/checkmate benchmark solvers --nodes 100 --budgets 25%,50%,75%
              .build/release/checkmate benchmark solvers --nodes 250,500 --budgets 50%
            """
    )

    @Option(help: "Approximate node counts of the random graphs, comma-separated.")
    var nodes = "100,250,500"

    @Option(parsing: .unconditional, help: "Budgets as for `checkmate solve`, comma-separated (60% is 60% of the checkpoint-all peak).")
    var budgets = "50%"

    @Option(parsing: .unconditional, help: "Seed of the random graphs.")
    var seed: UInt64 = 1

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("Seconds each strategy may run per case (default: 0.6 s per node, so 60 s for 100 nodes).",
                           valueName: "seconds"),
        transform: OptionValue.seconds)
    var timeLimit: Double?

    @Option(
        parsing: .unconditional, help: ArgumentHelp("Threads the solver may use (default: its own choice).", valueName: "count"),
        transform: { try OptionValue.count($0, option: "--threads", in: 1...OptionValue.threadLimit) })
    var threads: Int?

    func validate() throws {
        guard let sizes = nodeCounts, !sizes.isEmpty, sizes.allSatisfy({ $0 >= 2 && $0 <= 5000 }) else {
            throw ValidationError("--nodes must list whole numbers from 2 to 5000, like 100,250")
        }
        guard budgetList != nil else { throw ValidationError("--budgets must list budgets like 25%,50% or 12GiB") }
        if let timeLimit, !(timeLimit.isFinite && timeLimit >= 0) {
            throw ValidationError("--time-limit must be a non-negative number of seconds")
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    private var nodeCounts: [Int]? {
        let sizes = nodes.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        return sizes.contains(nil) ? nil : sizes.compactMap { $0 }
    }

    private var budgetList: [(text: String, budget: Budget)]? {
        try? budgets.split(separator: ",").map { text in
            let text = text.trimmingCharacters(in: .whitespaces)
            return (text, try Budget(parsing: text))
        }
    }

    func run() throws {
        var rows: [[String]] = []
        for size in nodeCounts ?? [] {
            let graph = TrainingGraph.random(forwardCount: size / 2, seed: seed)
            let limit = timeLimit ?? 0.6 * Double(graph.count)
            for (text, budget) in budgetList ?? [] {
                let bytes = try budget.bytesForCommand(graph)
                for strategy in StrategyCatalog.solvers {
                    Terminal.note("\(graph.name) (\(graph.count) nodes), \(strategy.name) within \(bytes) B (\(text))")
                    let options = SolveOptions(timeLimit: limit, threads: threads, progress: { Terminal.note("  " + $0) })
                    let start = ContinuousClock.now
                    let outcome = Result { () throws(StrategyError) in try strategy.solve(graph, budget: bytes, options: options) }
                    let seconds = Format.fixed(Format.elapsed(since: start), digits: 1)
                    var row = ["\(graph.count)", "\(bytes)", text, strategy.name]
                    switch outcome {
                    case .success(let solution):
                        row += [
                            Format.number(solution.replay.cost), Format.fixed(solution.overhead(in: graph), digits: 3),
                            Format.number(solution.costLowerBound), Format.fixed(solution.gap * 100, digits: 2) + "%",
                            solution.isOptimal ? "yes" : "no",
                        ]
                    case .failure(let error):
                        Terminal.note("  \(error)")
                        var bound = "-"
                        if case .timedOut(_, _, let proven?, _) = error { bound = Format.number(proven) }
                        row += ["-", "-", bound, "-", Self.shortReason(error)]
                    }
                    rows.append(row + [seconds])
                    Terminal.note("  " + zip(Self.header, row + [seconds]).map { "\($0) \($1)" }.joined(separator: ", "))
                }
            }
        }
        print(Format.table(header: Self.header, rows: rows))
    }

    private static let header = ["nodes", "budget B", "budget", "strategy", "cost", "overhead", "bound", "gap", "optimal", "seconds"]

    private static func shortReason(_ error: StrategyError) -> String {
        switch error {
        case .infeasible: "infeasible"
        case .timedOut: "timed out"
        case .doesNotFit: "no fit"
        default: "failed"
        }
    }
}
