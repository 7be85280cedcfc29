import ArgumentParser
import Checkmate
import CheckmateAnalysis
import CheckmateCatalog
import CheckmateRuntime
import Foundation

/// `checkmate run`: execute a schedule of a real training step and check its memory and gradients.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Execute a schedule of a real training step and check its memory and gradients.",
        discussion: """
            Builds one float32 training step of a multilayer perceptron (dense layers \
            with ReLU, softmax cross-entropy, OpenBLAS products) as a training graph, \
            finds a schedule with the strategy (or reads one with --schedule), and \
            executes it and the checkpoint-all schedule: each compute allocates the \
            node's output and runs its kernel, each free releases it. The table gives \
            each run's peak as replayed and as measured from the bytes held, its cost \
            in FLOPs and overhead, wall time, loss, and the largest difference between \
            its parameter gradients and checkpoint-all's (recomputation leaves it at 0).

            The parameters, their gradients, the batch and its labels are held for the \
            whole step (M0), so budgets below checkpoint-all need activations that \
            outweigh the parameters: a batch well above the width.

            Examples:
              checkmate run mlp --budget 50% --strategy milp
              checkmate run mlp --budget 70% --strategy chen-greedy
              checkmate run mlp --layers 16 --width 1024 --batch 8192 --budget 50% \\
                  --strategy milp --time-limit 60
              checkmate run mlp --graph-output mlp.json
              checkmate solve mlp.json --strategy milp --budget 60% --output schedule.json
              checkmate run mlp --schedule schedule.json

            Exit status: 0 when the schedules ran as replayed; 1 when a file cannot be \
            read or written, or a run disagrees with its replay; 2 when an input is \
            invalid; 3 when the strategy finds no schedule within the budget.
            """
    )

    @Argument(help: ArgumentHelp("The model: mlp.", valueName: "model"))
    var model: String

    @Option(parsing: .unconditional, help: "Dense layers.")
    var layers = 8

    @Option(parsing: .unconditional, help: "Values per layer; also the input width and the number of classes.")
    var width = 256

    @Option(parsing: .unconditional, help: "Rows per batch.")
    var batch = 4096

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "The memory budget: bytes, a size (64MiB) or a share of the checkpoint-all peak (default: 50%, or the budget of the --schedule file).",
            valueName: "budget"),
        transform: Budget.parse)
    var budget: Budget?

    @Option(help: ArgumentHelp("The strategy; `checkmate strategies` says what each does (default: milp).", valueName: "name"))
    var strategy: StrategyName?

    @Option(help: ArgumentHelp("Execute this checkmate-schedule file, solved for this model's graph, instead of a strategy's.",
                               valueName: "schedule.json"))
    var schedule: String?

    @Option(help: ArgumentHelp("Write the model's training graph to this file, for `checkmate solve`.", valueName: "graph.json"))
    var graphOutput: String?

    @OptionGroup(title: "Solver options (milp, lp-rounding)")
    var solver: SolverOptions

    func validate() throws {
        guard model == "mlp" else { throw ValidationError("unknown model '\(model)'; the runtime has mlp") }
        guard (1...1000).contains(layers) else { throw ValidationError("--layers must be from 1 to 1000") }
        guard (1...65536).contains(width) else { throw ValidationError("--width must be from 1 to 65536") }
        guard (1...1_048_576).contains(batch) else { throw ValidationError("--batch must be from 1 to 1048576") }
        if schedule != nil, strategy != nil { throw ValidationError("give --strategy or --schedule, not both") }
    }

    func run() throws {
        let model = MultilayerPerceptron(layers: layers, width: width, batch: batch)
        let graph = model.graph
        let checkpointAll = try Self.solution(CheckpointAll(), graph, budget: .max, options: SolveOptions())
        let needed = checkpointAll.replay.peakMemory
        guard needed <= ProcessInfo.processInfo.physicalMemory / 2 else {
            throw Terminal.fail("\(graph.name) needs \(Format.bytes(needed)) to run without recomputation, "
                + "more than half this machine's memory; choose a smaller model", code: 2)
        }
        Terminal.note("\(graph.name): \(graph.count) nodes, M0 \(ByteCount(graph.constantMemory)), "
            + "checkpoint-all peak \(ByteCount(needed)), memory lower bound \(ByteCount(graph.memoryLowerBound))")
        if let graphOutput { try Terminal.write(String(decoding: graph.json(), as: UTF8.self), to: graphOutput) }
        let solution = try schedule.map { try Self.solution(in: $0, graph, budget: budget) }
            ?? Self.solution(strategy?.strategy ?? StrategyCatalog.milp, graph,
                             budget: try (budget ?? .shareOfCheckpointAll(0.5)).bytesForCommand(graph), options: solver.solveOptions())
        let program = model.program()
        let runs = try [solution, checkpointAll].map { run throws(ExitCode) in
            Terminal.note("running \(run.strategy) (\(run.schedule.steps.count) steps)")
            do {
                return (solution: run, execution: try program.execute(run.schedule))
            } catch {
                throw Terminal.fail("internal error: \(error)", code: 1)
            }
        }
        let reference = runs[1].execution
        print(Format.table(
            header: ["strategy", "budget", "simulated peak", "measured peak", "cost (FLOPs)", "overhead", "seconds",
                     "loss", "max |grad diff|"],
            rows: runs.enumerated().map { index, run in
                [
                    run.solution.strategy, index == 0 ? Self.text(budget: run.solution.budget) : "-",
                    ByteCount(run.solution.replay.peakMemory).description, ByteCount(run.execution.peakMemory).description,
                    Format.number(run.solution.replay.cost), Format.fixed(run.solution.overhead(in: graph), digits: 3) + "x",
                    Format.fixed(run.execution.seconds, digits: 3), Format.fixed(Double(run.execution.loss), digits: 6),
                    index == 0 ? String(format: "%g", run.execution.maxGradientDifference(from: reference)) : "-",
                ]
            }))
        for run in runs where run.execution.peakMemory != run.solution.replay.peakMemory {
            throw Terminal.fail("internal error: \(run.solution.strategy) held \(run.execution.peakMemory) B at its peak, "
                + "but its replay says \(run.solution.replay.peakMemory) B", code: 1)
        }
        print("Measured peaks equal the simulated ones to the byte: "
            + runs.map { "\($0.execution.peakMemory) B" }.joined(separator: " and ") + ".")
    }

    /// The budget column: a size, or `none` for a schedule file without one.
    static func text(budget: Int) -> String {
        budget == .max ? "none" : ByteCount(budget).description
    }

    /// Solves `graph` with `strategy`, printing progress, or throws the exit code of its error.
    static func solution(_ strategy: any Strategy, _ graph: TrainingGraph, budget: Int, options: SolveOptions) throws(ExitCode) -> Solution {
        if strategy.name != CheckpointAll().name {
            Terminal.note("solving with \(strategy.name) within \(Format.bytes(budget))")
        }
        do {
            return try strategy.solve(graph, budget: budget, options: options)
        } catch {
            throw error.reported()
        }
    }

    /// The schedule of the file at `path`, replayed on `graph` within `budget`
    /// (default: the file's budget), or throws the exit code of what is wrong.
    static func solution(in path: String, _ graph: TrainingGraph, budget: Budget?) throws(ExitCode) -> Solution {
        let data: Data
        do {
            data = try FileAccess.read(path)
        } catch {
            throw error.reported()
        }
        // A file solved for another model names another graph: say so before its node ids mislead.
        let named = try? JSONDecoder().decode(JSONValue.self, from: data).object?["graph"]?.string
        if let named, named != graph.name {
            throw Terminal.fail("\(path): the schedule is for graph '\(named)', not '\(graph.name)'; "
                + "give the --layers, --width and --batch it was solved for", code: 2)
        }
        let file: ScheduleFile
        do {
            file = try ScheduleFile(json: data, graph: graph)
        } catch {
            throw InputError(.invalid, source: path, message: error.description).reported()
        }
        let bytes = try budget?.bytesForCommand(graph) ?? file.budget ?? .max
        do {
            return try Solution(graph: graph, schedule: file.schedule, strategy: file.strategy, budget: bytes)
        } catch .invalidSchedule(_, let error) {
            throw Terminal.fail("\(path): \(error)", code: 2)
        } catch {
            throw error.reported()
        }
    }
}
