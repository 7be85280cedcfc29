import ArgumentParser
import Checkmate
import CheckmateAnalysis
import Foundation
import Synchronization

/// `checkmate sweep`: every strategy at every budget, as rows and plots.
struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Solve every strategy at every budget; write sweep.csv, sweep.json and plots.",
        discussion: """
            Budgets are FROM:TO:COUNT (COUNT budgets spread evenly) or a comma-separated \
            list; each is a size (8GB, 512MiB, bytes) or a percentage of the checkpoint-all \
            peak. A strategy's budgets run in ascending order; different strategies run at \
            the same time, one per job. Progress goes to stderr. Ctrl-C stops the sweep and \
            keeps the rows already done (exit code 130).

            Writes in the output directory: sweep.csv and sweep.json (strategy, budget, peak, \
            cost, overhead, bound, optimal, seconds, status), overhead.svg (overhead against \
            budget), schedule.svg (the cheapest schedule at the smallest budget anything fits) \
            and schedules/STRATEGY-BUDGET.json.
            """)

    @Argument(help: "The training graph (a checkmate-graph file).")
    var graph: String

    @Option(help: "Comma-separated strategy names (see 'checkmate strategies').")
    var strategies = "milp,lp-rounding,chen-greedy,chen-sqrtn,griewank,checkpoint-all"

    @Option(help: "FROM:TO:COUNT or a list, in sizes or percentages of the checkpoint-all peak.")
    var budgets = "30%:100%:8"

    @Option(name: .customLong("time-limit"), help: "Seconds a solver may spend on one budget.")
    var timeLimit: Double?

    @Option(help: "The directory to write into (created if needed).")
    var output: String

    @Option(help: "Strategies solved at the same time (default: the cores not busy now).")
    var jobs: Int?

    @Option(help: "Threads one solver may use (default: the cores divided among the jobs).")
    var threads: Int?

    func run() throws {
        let graph = try loadGraph(self.graph)
        let spec: BudgetSpec
        do { spec = try BudgetSpec(parsing: budgets) } catch { throw CommandFailure(message: "\(error)") }
        let chosen = try strategies.split(separator: ",").map { name in
            let name = name.trimmingCharacters(in: .whitespaces)
            guard let strategy = StrategyCatalog.strategy(named: name) else {
                let known = StrategyCatalog.all.map(\.name).joined(separator: ", ")
                throw CommandFailure(message: "unknown strategy '\(name)'; known: \(known.isEmpty ? "none" : known)")
            }
            return strategy
        }
        guard !chosen.isEmpty else { throw CommandFailure(message: "--strategies names no strategy") }
        let reference = try referencePeak(graph, required: spec.needsReference)
        let budgetList = spec.budgets(reference: reference ?? 0).filter { $0 > 0 }
        guard !budgetList.isEmpty else { throw CommandFailure(message: "budgets '\(budgets)' give no positive budget") }
        if let jobs, jobs < 1 { throw CommandFailure(message: "--jobs must be at least 1") }
        if let threads, threads < 1 { throw CommandFailure(message: "--threads must be at least 1") }
        if let timeLimit, !(timeLimit > 0) { throw CommandFailure(message: "--time-limit must be positive") }

        let workers = min(jobs ?? Machine.freeCores(), chosen.count)
        let options = SolveOptions(timeLimit: timeLimit, threads: threads ?? max(1, Machine.cores / workers))
        let sweep = BudgetSweep(graph: graph, strategies: chosen, budgets: budgetList, options: options,
                                workers: workers, referencePeak: reference)
        let directory = URL(fileURLWithPath: output)
        let recorder: SweepRecorder
        do {
            recorder = try SweepRecorder(directory: directory, graph: graph, table: sweep.emptyTable)
        } catch {
            throw CommandFailure(message: "\(error)")
        }
        let progress = Mutex(SweepProgress(strategies: chosen.map(\.name), budgets: sweep.budgets, workers: workers,
                                           referencePeak: reference, timeLimit: timeLimit))
        let clock = ContinuousClock()
        let start = clock.now
        let seconds: @Sendable () -> Double = {
            let elapsed = start.duration(to: clock.now)
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        }
        Machine.log("sweep: \(graph.name), \(chosen.count) strategies x \(sweep.budgets.count) budgets "
            + "(\(sweep.budgets.map { ByteCount($0).description }.joined(separator: ", "))), \(workers) at a time")

        let signals = DispatchQueue(label: "checkmate.sweep.signals")
        signal(SIGINT, SIG_IGN)
        let interrupt = DispatchSource.makeSignalSource(signal: SIGINT, queue: signals)
        interrupt.setEventHandler {
            let kept = (try? recorder.finish())?.table.rows.count
            Machine.log("sweep: interrupted; kept \(kept.map(String.init) ?? "the") rows in \(directory.path)")
            Foundation.exit(130)
        }
        interrupt.resume()
        let heartbeat = DispatchSource.makeTimerSource(queue: signals)
        heartbeat.schedule(deadline: .now() + 15, repeating: 15)
        heartbeat.setEventHandler { Machine.log(progress.withLock { $0.line(at: seconds()) }) }
        heartbeat.resume()

        _ = sweep.run { event in
            let now = seconds()
            switch event {
            case .started(let strategy, let budget):
                progress.withLock { $0.start(strategy: strategy, budget: budget, at: now) }
            case .finished(let row, let solution, let error):
                if case .failed = row.status, let error { Machine.log("sweep: \(error)") }
                do {
                    try recorder.record(row, solution: solution)
                } catch {
                    Machine.log("error: \(error)")
                    Foundation.exit(1)
                }
                Machine.log(progress.withLock { progress in
                    progress.finish(row, at: now)
                    return progress.line(at: now)
                })
            }
        }
        heartbeat.cancel()
        let (table, files) = try signals.sync {
            interrupt.cancel()
            do { return try recorder.finish() } catch { throw CommandFailure(message: "\(error)") }
        }
        print(table.summary())
        print("wrote " + files.map { directory.appendingPathComponent($0).path }.joined(separator: ", ")
            + " and \(table.rows.filter { $0.status == .ok }.count) schedules in "
            + directory.appendingPathComponent("schedules").path)
    }

    /// The checkpoint-all peak, which percentages refer to.
    private func referencePeak(_ graph: TrainingGraph, required: Bool) throws -> Int? {
        guard let checkpointAll = StrategyCatalog.strategy(named: "checkpoint-all") else {
            if required { throw CommandFailure(message: "percentage budgets need the checkpoint-all strategy") }
            return nil
        }
        do {
            return try checkpointAll.solve(graph, budget: Int.max).replay.peakMemory
        } catch {
            if required { throw CommandFailure(message: "cannot find the checkpoint-all peak: \(error)") }
            return nil
        }
    }
}
