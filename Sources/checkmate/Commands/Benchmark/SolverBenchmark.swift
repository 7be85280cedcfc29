import ArgumentParser
import Checkmate
import CheckmateAnalysis
import CheckmateCatalog
import Foundation

/// `checkmate benchmark solvers`: strategies on random layered DAGs (or
/// other graphs) at budgets from near the memory lower bound to near the
/// checkpoint-all peak, each case in a process of its own so that its peak
/// memory is measured.
struct SolverBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solvers",
        abstract: "Run the solvers on random layered DAGs at budgets from tight to loose, and measure their memory.",
        discussion: """
            For each graph, budget and strategy, runs one solve in a child process \
            (`checkmate benchmark solver-case`) and prints one table: graph, nodes, \
            budget, strategy, cost, overhead, the bound over all schedules and the gap \
            to it, the bound over the MILP's stage form in its order and the gap to it \
            (negative when the schedule lies outside that form and beats it), what \
            optimality is proven, seconds, and the child's peak resident memory \
            (`ru_maxrss`: the graph, the solver and everything else that process held).

            Graphs are graph arguments as for `checkmate solve` (layered:COUNT[:SEED], \
            random:FORWARD[:SEED], zoo:MODEL, a file), comma-separated; a zoo model with \
            /fused (zoo:resnet50/fused) fuses its pointwise layers, and zoo and ONNX models (onnx:PATH) use --batch. \
            --nodes N is random:N/2:SEED, the training DAGs of earlier tables. Budgets are \
            shares of the checkpoint-all peak (80%), multiples of the memory lower bound \
            (1.1x) or sizes (12GiB).

            The strategy `cp-sat` is a peer, not one of ours: a CP-SAT interval model \
            after Moccasin (Bartan et al., ICML 2023), `scripts/peer-cpsat.py` (run from \
            the checkout, or give --peer-script), which needs `pip install ortools`. It \
            gets the same graph, budget, time limit and two workers, and its schedule is \
            replayed here: its cost and peak are the replay's.

            Example (the tables in docs/solvers.md):
              swift build -c release
              .build/release/checkmate benchmark solvers
              .build/release/checkmate benchmark solvers --graphs layered:100 --budgets 80% --strategies milp,annealing
            """
    )

    @Option(help: ArgumentHelp("Graph arguments, comma-separated (default: layered:100,layered:250,layered:500,layered:1000).",
                               valueName: "graphs"))
    var graphs: String?

    @Option(help: "Approximate node counts of random training DAGs (random:N/2:SEED), comma-separated, instead of --graphs.")
    var nodes: String?

    @Option(help: "Budgets: shares of the checkpoint-all peak (80%), multiples of the memory lower bound (1.1x) or sizes, comma-separated.")
    var budgets = "1.1x,1.3x,2x,50%,80%,90%"

    @Option(help: "Strategies, comma-separated (`checkmate strategies` lists them).")
    var strategies = "milp,annealing,lp-rounding"

    @Option(help: "Seed of the random graphs given by --nodes.")
    var seed: UInt64 = 1

    @Option(help: "Zoo and ONNX models: the batch size.")
    var batch = 32

    @Option(help: ArgumentHelp(
        "Seconds each strategy may run per case (default: 60 below 500 nodes, 120 from 500).",
        valueName: "seconds"))
    var timeLimit: Double?

    @Option(help: ArgumentHelp("Threads the solver may use (default: its own choice).", valueName: "count"))
    var threads: Int?

    @Option(help: ArgumentHelp("The CP-SAT peer's script, for the strategy cp-sat.", valueName: "path"))
    var peerScript = "scripts/peer-cpsat.py"

    func validate() throws {
        guard sources != nil else {
            throw ValidationError("--graphs must list graph arguments like layered:100,zoo:vgg19/fused; --nodes whole numbers from 2 to 5000")
        }
        guard budgetList != nil else { throw ValidationError("--budgets must list budgets like 1.1x,50%,12GiB") }
        for name in strategyNames where name != Self.peer && StrategyCatalog.strategy(named: name) == nil {
            throw ValidationError("--strategies: unknown strategy '\(name)'; `checkmate strategies` lists them")
        }
        if strategyNames.contains(Self.peer), !FileManager.default.isReadableFile(atPath: peerScript) {
            throw ValidationError("--peer-script: no readable file at '\(peerScript)' (run from the checkout, or name scripts/peer-cpsat.py)")
        }
        if let timeLimit, !(timeLimit.isFinite && timeLimit >= 0) {
            throw ValidationError("--time-limit must be a non-negative number of seconds")
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        guard batch >= 1 else { throw ValidationError("--batch must be at least 1") }
    }

    /// The graphs as (argument for the child, whether to fuse).
    private var sources: [(argument: String, fused: Bool)]? {
        if let nodes {
            let sizes = nodes.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !sizes.isEmpty, sizes.allSatisfy({ $0.map { $0 >= 2 && $0 <= 5000 } ?? false }) else { return nil }
            return sizes.map { ("random:\($0! / 2):\(seed)", false) }
        }
        let list = (graphs ?? "layered:100,layered:250,layered:500,layered:1000").split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        var result: [(String, Bool)] = []
        for item in list {
            let fused = item.hasPrefix("zoo:") && item.hasSuffix("/fused")
            let argument = fused ? String(item.dropLast("/fused".count)) : item
            guard !argument.isEmpty, (try? GraphSource(argument: argument)) != nil else { return nil }
            result.append((argument, fused))
        }
        return result.isEmpty ? nil : result
    }

    private var budgetList: [String]? {
        let list = budgets.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return list.allSatisfy({ (try? Budget(parsing: $0)) != nil }) && !list.isEmpty ? list : nil
    }

    private var strategyNames: [String] {
        strategies.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// The budget `text` in bytes for `graph`.
    private static func bytes(_ text: String, for graph: TrainingGraph) -> Int {
        (try? Budget(parsing: text).bytes(for: graph)) ?? 0
    }

    func run() throws {
        var rows: [[String]] = []
        for (argument, fused) in sources ?? [] {
            let graph = try Self.load(argument, batch: batch, fused: fused)
            let name = argument + (fused ? "/fused" : "")
            let limit = timeLimit ?? (graph.count < 500 ? 60 : 120)
            let edges = graph.nodes.reduce(0) { $0 + $1.inputs.count }
            Terminal.note("\(name): \(graph.count) nodes, \(edges) edges, memory lower bound \(Format.bytes(graph.memoryLowerBound)), "
                + "checkpoint-all peak \(Format.bytes(CheckpointAll().peakMemory(of: graph))), sum of costs \(Format.number(graph.totalCost))")
            for text in budgetList ?? [] {
                let bytes = Self.bytes(text, for: graph)
                for strategy in strategyNames {
                    Terminal.note("\(name), \(strategy) within \(bytes) B (\(text)), \(Format.number(limit)) s")
                    let (child, outcome): (ChildProcess?, CaseOutcome?)
                    if strategy == Self.peer {
                        (child, outcome) = try runPeer(on: graph, budget: bytes, timeLimit: limit)
                    } else {
                        var arguments = ["benchmark", "solver-case", argument, "--budget", "\(bytes)", "--strategy", strategy,
                                         "--time-limit", "\(limit)"]
                        arguments += Self.modelOptions(argument, batch: batch, fused: fused)
                        if let threads { arguments += ["--threads", "\(threads)"] }
                        let solver = try Self.spawn(arguments)
                        (child, outcome) = (solver, try? JSONDecoder().decode(CaseOutcome.self, from: Data(solver.output.utf8)))
                    }
                    let failed = "failed (exit \(child.map { "\($0.status)" } ?? "-"))"
                    let row = [name, "\(graph.count)", text, "\(bytes)", strategy]
                        + (outcome.map { $0.cells(in: graph) } ?? ["-", "-", "-", "-", "-", "-", failed, "-"])
                        + [child.map { Format.fixed(Double($0.peakResidentBytes) / Double(1 << 20), digits: 0) } ?? "-"]
                    rows.append(row)
                    Terminal.note("  " + zip(Self.header, row).map { "\($0) \($1)" }.joined(separator: ", "))
                }
            }
        }
        print(Format.table(header: Self.header, rows: rows))
    }

    /// The name of the CP-SAT peer among `--strategies`.
    private static let peer = "cp-sat"

    /// Runs `arguments` in a child process (default: this executable), or fails with exit code 1.
    private static func spawn(_ arguments: [String], executable: String = ChildProcess.executablePath) throws -> ChildProcess {
        do {
            return try ChildProcess.run(arguments, executable: executable)
        } catch {
            throw Terminal.fail("benchmark: \(error)", code: 1)
        }
    }

    /// The CP-SAT peer on `graph` within `budget` bytes, its schedule replayed here.
    private func runPeer(on graph: TrainingGraph, budget: Int, timeLimit: Double) throws -> (ChildProcess?, CaseOutcome?) {
        guard PeakProof(graph, budget: budget) == nil else { return (nil, CaseOutcome(outcome: "infeasible", seconds: 0)) }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("checkmate-peer-\(getpid())")
        try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let (graphPath, schedulePath) = (scratch.appendingPathComponent("graph.json").path, scratch.appendingPathComponent("schedule.json").path)
        try Terminal.write(graph.json(), to: graphPath)
        let start = ContinuousClock.now
        let child = try Self.spawn(
            ["python3", peerScript, graphPath, "--budget", "\(budget)", "--time-limit", "\(timeLimit)", "--workers", "\(threads ?? 2)",
             "--output", schedulePath],
            executable: "/usr/bin/env")
        let seconds = Format.elapsed(since: start)
        guard child.status == 0 else {
            let outcome = child.status == 3 ? "timed out" : "failed"
            return (child, CaseOutcome(outcome: outcome, costLowerBound: graph.costLowerBound(budget: budget), seconds: seconds))
        }
        let replay: Replay
        do {
            replay = try graph.replay(try ScheduleFile(contentsOf: schedulePath, graph: graph).schedule)
        } catch {
            Terminal.note("  cp-sat: its schedule does not replay: \(error)")
            return (child, CaseOutcome(outcome: "failed", seconds: seconds, message: "\(error)"))
        }
        guard replay.peakMemory <= budget else {
            return (child, CaseOutcome(outcome: "no fit", seconds: seconds, leastPeak: replay.peakMemory))
        }
        // Our bound over all schedules, which may prove the peer's schedule optimal; the peer's own claim covers only its model.
        let bound = graph.costLowerBound(budget: budget) ?? graph.totalCost
        return (child, CaseOutcome(
            outcome: "solved", cost: replay.cost, overhead: replay.overhead(in: graph), costLowerBound: bound,
            optimalWithin: Solution.meets(replay.cost, bound: bound) ? ScheduleFamily.allSchedules.rawValue : nil,
            seconds: seconds, peak: replay.peakMemory))
    }

    private static let header = [
        "graph", "nodes", "budget", "bytes", "strategy", "cost", "overhead", "bound (all)", "gap",
        "bound (stage form)", "stage gap", "optimal", "seconds", "memory MiB",
    ]

    /// The options a zoo model (`batch`, `fused`) or an ONNX model (`batch`) is loaded with; none for other graphs.
    static func modelOptions(_ argument: String, batch: Int, fused: Bool) -> [String] {
        if argument.hasPrefix("zoo:") { return ["--batch", "\(batch)"] + (fused ? ["--fuse"] : []) }
        return argument.hasPrefix("onnx:") ? ["--batch", "\(batch)"] : []
    }

    /// The graph `argument` names, a zoo or ONNX model at `batch`.
    static func load(_ argument: String, batch: Int, fused: Bool) throws -> TrainingGraph {
        let options = try GraphOptions.parse(modelOptions(argument, batch: batch, fused: fused))
        do {
            return try options.load(try GraphSource(argument: argument))
        } catch let error as InputError {
            throw error.reported()
        }
    }
}

/// What one benchmark case gave, as `solver-case` prints it.
struct CaseOutcome: Codable {
    /// `solved`, or why not: `timed out`, `no fit`, `infeasible`, `no stage form`, `unsupported`, `failed`.
    var outcome: String
    var cost: Double?
    var overhead: Double?
    var costLowerBound: Double?
    var stageFormBound: Double?
    var optimalWithin: String?
    var seconds: Double
    var peak: Int?
    var leastPeak: Int?
    var message: String?

    /// The table cells from cost to seconds.
    func cells(in graph: TrainingGraph) -> [String] {
        func gap(_ bound: Double?) -> String {
            guard let cost, let bound, cost > 0 else { return "-" }
            return Format.fixed((cost - bound) / cost * 100, digits: 2) + "%"
        }
        return [
            cost.map(Format.number) ?? "-", overhead.map { Format.fixed($0, digits: 3) } ?? "-",
            costLowerBound.map(Format.number) ?? "-", gap(costLowerBound),
            stageFormBound.map(Format.number) ?? "-", gap(stageFormBound),
            cost == nil ? outcome : optimalWithin ?? "no", Format.fixed(seconds, digits: 1),
        ]
    }
}

/// `checkmate benchmark solver-case`: one case of `benchmark solvers`, run in a process of its own.
struct SolverBenchmarkCase: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solver-case",
        abstract: "One case of `checkmate benchmark solvers`, printed as JSON.",
        shouldDisplay: false
    )

    @Argument(help: .graph)
    var graph: String

    @Option(help: "The budget in bytes.")
    var budget: Int

    @Option(help: "The strategy.")
    var strategy: String

    @Option(help: "Seconds the strategy may run.")
    var timeLimit: Double?

    @Option(help: "Threads the solver may use.")
    var threads: Int?

    @Option(help: "Zoo and ONNX models: the batch size.")
    var batch = 32

    @Flag(help: "Zoo models: fuse pointwise layers.")
    var fuse = false

    func run() throws {
        let graph = try SolverBenchmark.load(self.graph, batch: batch, fused: fuse)
        guard let strategy = StrategyCatalog.strategy(named: self.strategy) else {
            throw Terminal.fail("unknown strategy '\(self.strategy)'", code: 2)
        }
        let start = ContinuousClock.now
        let options = SolveOptions(timeLimit: timeLimit, threads: threads, progress: { Terminal.note("  " + $0) })
        var outcome: CaseOutcome
        do {
            let solution = try strategy.solve(graph, budget: budget, options: options)
            outcome = CaseOutcome(
                outcome: "solved", cost: solution.replay.cost, overhead: solution.overhead(in: graph),
                costLowerBound: solution.costLowerBound, stageFormBound: solution.stageFormBound?.cost,
                optimalWithin: solution.optimalAmong?.rawValue, seconds: 0, peak: solution.replay.peakMemory)
        } catch {
            outcome = CaseOutcome(outcome: "failed", seconds: 0, message: error.description)
            switch error {
            case .timedOut(_, _, let all, let stage, let least):
                (outcome.outcome, outcome.costLowerBound, outcome.stageFormBound, outcome.leastPeak) = ("timed out", all, stage?.cost, least)
            case .doesNotFit(_, _, let least): (outcome.outcome, outcome.leastPeak) = ("no fit", least)
            case .infeasible: outcome.outcome = "infeasible"
            case .noStageFormSchedule: outcome.outcome = "no stage form"
            case .unsupported: outcome.outcome = "unsupported"
            default: break
            }
            Terminal.note("  \(error)")
        }
        outcome.seconds = Format.elapsed(since: start)
        print(String(decoding: try JSONEncoder().encode(outcome), as: UTF8.self))
    }
}
