import ArgumentParser
import Checkmate
import CheckmateAnalysis
import CheckmateCatalog
import Foundation

/// `checkmate sweep`: every strategy at every budget, as rows and plots.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Solve every strategy at every budget; write sweep.csv, sweep.json and plots.",
        discussion: """
            Budgets are FROM:TO:COUNT (COUNT budgets spread evenly) or a comma-separated \
            list; each is read as `checkmate solve --budget` reads it: bytes, a size (12GiB, \
            800MB) or a percentage of the checkpoint-all peak. A strategy's budgets run in ascending order \
            and share work: the MILP and LP rounding build their model once and re-solve it \
            with each budget's bounds, and the MILP starts each budget from the schedule of \
            the one before. Different strategies run at the same time, --jobs at once. Progress goes to stderr. Ctrl-C stops the sweep and keeps \
            the rows already done (exit code 130).

            Writes in the output directory: sweep.csv and sweep.json (strategy, budget, peak, \
            cost, overhead, bound, optimal, seconds, status), overhead.svg (overhead against \
            budget), schedule.svg (the cheapest schedule at the smallest budget anything fits) \
            and schedules/STRATEGY-BUDGET.json.

            Examples:
              checkmate sweep examples/chain8.json --strategies chen-sqrtn,griewank,checkpoint-all --output out
              checkmate sweep zoo:vgg16 --batch 64 --budgets 75%:100%:8 --time-limit 30 --output vgg16-sweep

            Exit status: 0 when every case ran (a case that finds no schedule is a row, not \
            an error); 1 when a file cannot be read or written; 2 for invalid input; 130 when \
            interrupted.
            """)

    @Argument(
        help: .graph,
        transform: GraphSource.parse)
    var graph: GraphSource

    @Option(help: "Comma-separated strategy names (see 'checkmate strategies').")
    var strategies = StrategyCatalog.comparedByDefault.joined(separator: ",")

    @Option(parsing: .unconditional, help: "FROM:TO:COUNT or a list, in sizes or percentages of the checkpoint-all peak.")
    var budgets = "30%:100%:8"


    @Option(help: "The directory to write into (created if needed).")
    var output: String

    @Option(parsing: .unconditional, help: "Strategies solved at the same time (default: the cores not busy now).")
    var jobs: Int?

    @OptionGroup(title: "Solver options (milp, lp-rounding, dtr)")
    var solver: SolverOptions

    @OptionGroup var graphOptions: GraphOptions

    func run() throws {
        let graph = try graphOptions.load(self.graph)
        try record(try prepare(graph), in: URL(fileURLWithPath: output))
    }

    /// The sweep the arguments describe.
    private func prepare(_ graph: TrainingGraph) throws(ExitCode) -> BudgetSweep {
        let spec = try StrategyArguments.budgets(budgets)
        let chosen = try StrategyArguments.strategies(named: strategies)
        if let jobs, jobs < 1 { throw Terminal.fail("--jobs must be at least 1, not \(jobs)", code: 2) }
        let reference = CheckpointAll().peakMemory(of: graph)
        let budgetList: [Int]
        do {
            budgetList = try spec.budgets(reference: reference, memoryLowerBound: graph.memoryLowerBound).filter { $0 > 0 }
        } catch {
            throw Terminal.fail("--budgets: \(error)", code: 2)
        }
        guard !budgetList.isEmpty else { throw Terminal.fail("--budgets '\(budgets)' gives no positive budget", code: 2) }
        let workers = min(jobs ?? Machine.freeCores(), chosen.count)
        let options = solver.solveOptions(forWorkers: workers)
        return BudgetSweep(graph: graph, strategies: chosen, budgets: budgetList, options: options,
                           workers: workers, referencePeak: reference)
    }

    /// Runs `sweep`, writing its files into `directory` as cases finish and
    /// keeping them on Ctrl-C.
    private func record(_ sweep: BudgetSweep, in directory: URL) throws(ExitCode) {
        let recorder: SweepRecorder
        do {
            recorder = try SweepRecorder(directory: directory, graph: sweep.graph, table: sweep.emptyTable)
        } catch {
            throw Terminal.fail("\(error)", code: 1)
        }
        let monitor = SweepMonitor(sweep)
        Terminal.note("sweep: \(sweep.graph.name), \(sweep.strategies.count) strategies x \(sweep.budgets.count) budgets "
            + "(\(sweep.budgets.map { ByteCount($0).description }.joined(separator: ", "))), "
            + "\(sweep.workers) at a time, " + Format.timeLimit(sweep.options.timeLimit))

        // Ctrl-C and the heartbeat run on their own queue while the workers solve.
        let queue = DispatchQueue(label: "checkmate.sweep")
        signal(SIGINT, SIG_IGN)
        let interrupt = DispatchSource.makeSignalSource(signal: SIGINT, queue: queue)
        interrupt.setEventHandler {
            let kept = (try? recorder.finish())?.table.rows.count
            Terminal.note("sweep: interrupted; the rows done (\(kept.map(String.init) ?? "all")) are in \(directory.path)")
            Foundation.exit(130)
        }
        interrupt.resume()
        let heartbeat = DispatchSource.makeTimerSource(queue: queue)
        heartbeat.schedule(deadline: .now() + 15, repeating: 15)
        heartbeat.setEventHandler { Terminal.note(monitor.line()) }
        heartbeat.resume()
        defer {
            heartbeat.cancel()
            interrupt.cancel()
        }
        let table: SweepTable, files: [String]
        do {
            (table, files) = try sweep.run(recordingWith: recorder, monitor: monitor) { Terminal.note($0) }
        } catch {
            throw Terminal.fail("\(error)", code: 1)
        }
        let grid = table.overheadGrid
        print(Format.table(header: grid.header, rows: grid.rows))
        print("overhead = cost / sum of costs; * = proven optimal among all schedules, ° = among the MILP's stage form")
        print("wrote " + files.map { directory.appendingPathComponent($0).path }.joined(separator: ", ")
            + " and \(table.rows.filter { $0.status == .ok }.count) schedules in "
            + directory.appendingPathComponent("schedules").path)
    }
}
