import ArgumentParser
import Checkmate
import CheckmateAnalysis
import CheckmateModels
import Foundation

/// `checkmate report MODEL --memory 16GB --output DIR`.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write an HTML report of a zoo model: largest batches, a budget sweep and a schedule.",
        discussion: """
            Finds each strategy's largest batch within --memory (recomputing at most one extra \
            forward pass, or --max-overhead), sweeps every strategy over --budgets (default: 8 from \
            the graph's memory lower bound to the checkpoint-all peak) at --batch \
            (default: the largest batch checkpoint-all fits), and writes index.html with the \
            model's numbers, the max-batch chart, the overhead-against-budget plot and the \
            picture of the cheapest schedule at the smallest budget, each with its numbers as \
            tables, beside the sweep's files. Exit code 3 when checkpoint-all fits no batch and \
            no --batch is given.
            """)

    @Argument(help: "The model (see `checkmate zoo list`); `zoo:` prefix optional.")
    var model: String

    @Option(help: "Device memory, constant memory included (16GB, 40GB, 80GiB, or bytes; GB means 2^30 bytes).")
    var memory: String

    @Option(help: "The directory to write into (created if needed).")
    var output: String

    @Option(help: "Comma-separated strategy names (see 'checkmate strategies').")
    var strategies = "milp,lp-rounding,chen-greedy,chen-sqrtn,griewank,checkpoint-all"

    @Option(help: ArgumentHelp(
        "The sweep's budgets: FROM:TO:COUNT or a list, in sizes or percentages of the checkpoint-all peak "
            + "(default: 8 from the memory lower bound to the checkpoint-all peak).", valueName: "budgets"))
    var budgets: String?

    @Option(help: "The batch of the sweep (default: the largest batch checkpoint-all fits).")
    var batch: Int?

    @Option(help: "Seconds a solver may spend on one budget or batch.")
    var timeLimit: Double?

    @Option(help: "Largest overhead a schedule may have in the max-batch search (default: one extra forward pass).")
    var maxOverhead: Double?

    @Option(help: "Strategies solved at the same time (default: the cores not busy now).")
    var jobs: Int?

    @OptionGroup var graph: ZooGraphOptions

    func run() throws {
        try reportingFailure { () throws(CommandFailure) in
            let model = try ZooGraphOptions.model(named: model)
            guard let bytes = MemorySize.parse(memory) else {
                throw .badInput("--memory must be a size such as 16GB or 512MiB, not '\(memory)'")
            }
            var spec: BudgetSpec?
            if let budgets {
                do {
                    spec = try BudgetSpec(parsing: budgets)
                } catch {
                    throw .badInput("\(error)")
                }
            }
            var chosen: [any Strategy] = []
            for name in strategies.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                chosen.append(try MaxBatchCommand.strategy(named: name))
            }
            guard !chosen.isEmpty else { throw .badInput("--strategies names no strategy") }
            if let batch, batch < 1 { throw .badInput("--batch must be at least 1, not \(batch)") }
            if let jobs, jobs < 1 { throw .badInput("--jobs must be at least 1, not \(jobs)") }
            if let timeLimit, !(timeLimit > 0) { throw .badInput("--time-limit must be positive, not \(timeLimit)") }
            let reference = CheckpointAll()
            _ = try graph.trainingGraph(model, batch: 1)
            let graphOptions = graph
            let workers = min(jobs ?? Machine.freeCores(), chosen.count)
            let report = ModelReport(
                model: ModelReport.Model(name: model.name, summary: model.summary,
                                         parameterCount: model.parameterCount) { batch throws(MaxBatchError) in
                    do throws(CommandFailure) {
                        return try graphOptions.trainingGraph(model, batch: batch)
                    } catch {
                        throw .graph(batch: batch, reason: error.message)
                    }
                },
                memory: bytes, strategies: chosen, reference: reference, budgets: spec, batch: batch,
                cap: try MaxBatchCommand.cap(maxOverhead),
                options: SolveOptions(timeLimit: timeLimit, threads: max(1, Machine.cores / workers)),
                workers: workers, progress: { printError($0) })
            let directory = URL(fileURLWithPath: output)
            do throws(ReportError) {
                let files = try report.write(to: directory)
                print("wrote \(directory.appendingPathComponent("index.html").path) and \(files.count - 1) files beside it")
            } catch {
                if case .nothingFits(let reason) = error { throw .nothingFits(reason) }
                throw .failed("\(error)")
            }
        }
    }
}
