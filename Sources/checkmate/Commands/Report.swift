import ArgumentParser
import Checkmate
import CheckmateAnalysis
import CheckmateCatalog
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
            tables, beside the sweep's files.

            Example:
              checkmate report vgg16 --memory 16GiB --time-limit 30 --output vgg16-report

            Exit status: 0 when the report is written; 1 when a file cannot be written or a \
            strategy fails; 2 for invalid input; 3 when checkpoint-all fits no batch and no \
            --batch is given.
            """)

    @Argument(help: "The model (see `checkmate zoo list`); `zoo:` prefix optional.")
    var model: String

    @Option(parsing: .unconditional, help: ArgumentHelp("Device memory, constant memory included: bytes or a size (16GiB, 40GB).", valueName: "size"))
    var memory: String

    @Option(help: "The directory to write into (created if needed).")
    var output: String

    @Option(help: "Comma-separated strategy names (see 'checkmate strategies').")
    var strategies = StrategyCatalog.comparedByDefault.joined(separator: ",")

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "The sweep's budgets: FROM:TO:COUNT or a list, in sizes or percentages of the checkpoint-all peak "
            + "(default: 8 from the memory lower bound to the checkpoint-all peak).", valueName: "budgets"))
    var budgets: String?

    @Option(parsing: .unconditional, help: "The batch of the sweep (default: the largest batch checkpoint-all fits).")
    var batch: Int?

    @OptionGroup(title: "Solver options (milp, lp-rounding, dtr)")
    var solver: SolverOptions

    @Option(parsing: .unconditional, help: "Largest overhead a schedule may have in the max-batch search (default: one extra forward pass).")
    var maxOverhead: Double?

    @Option(parsing: .unconditional, help: "Strategies solved at the same time (default: the cores not busy now).")
    var jobs: Int?

    @OptionGroup var zoo: ZooGraphOptions

    func run() throws {
        guard let model = Zoo.model(named: model) else {
            throw Terminal.fail(ZooError.unknownModel(model).description, code: 2)
        }
        let bytes = try MaxBatchCommand.memory(memory)
        let spec = try budgets.map(StrategyArguments.budgets)
        let chosen = try StrategyArguments.strategies(named: strategies)
        if let batch, batch < 1 { throw Terminal.fail("--batch must be at least 1, not \(batch)", code: 2) }
        if let jobs, jobs < 1 { throw Terminal.fail("--jobs must be at least 1, not \(jobs)", code: 2) }
        let cap = try MaxBatchCommand.cap(maxOverhead)
        let settings = try zoo.settings(batch: nil)
        try MaxBatchRun(model: model, settings: settings, memory: bytes, cap: cap, options: SolveOptions()).validate()
        let workers = min(jobs ?? Machine.freeCores(), chosen.count)
        let report = ModelReport(
            model: ModelReport.Model(name: model.name, summary: "\(model.summary) (\(zoo.summary(model)))",
                                     parameterCount: model.parameterCount) { batch throws(MaxBatchError) in
                var settings = settings
                settings.batch = batch
                do throws(InputError) {
                    return try GraphSource.zoo(model: model.name).load(settings: settings)
                } catch {
                    throw .graph(batch: batch, reason: error.description)
                }
            },
            memory: bytes, strategies: chosen, reference: CheckpointAll(), budgets: spec, batch: batch, cap: cap,
            options: solver.solveOptions(forWorkers: workers),
            workers: workers, progress: { Terminal.note($0) })
        Terminal.note("report: \(model.name) in \(Format.bytes(bytes)), \(chosen.count) strategies, \(workers) at a time; "
            + "each searches for its largest batch (about 12 solves), then a sweep of the budgets; "
            + Format.timeLimit(report.options.timeLimit))
        let directory = URL(fileURLWithPath: output)
        do throws(ReportError) {
            let files = try report.write(to: directory)
            print("wrote \(directory.appendingPathComponent("index.html").path) and \(files.count - 1) files beside it")
        } catch {
            if case .nothingFits = error { throw Terminal.fail("\(error)", code: 3) }
            throw Terminal.fail("\(error)", code: 1)
        }
    }
}
