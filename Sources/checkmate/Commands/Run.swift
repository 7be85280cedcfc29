import ArgumentParser
import Checkmate
import CheckmateAnalysis
import CheckmateCatalog
import CheckmateModels
import CheckmateRuntime
import Foundation

/// `checkmate run`: execute a schedule of a real training step, measuring memory and time.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Execute a schedule of a real training step and measure its memory and time.",
        discussion: """
            Builds one float32 training step of the model on this CPU (oneDNN and \
            OpenBLAS kernels, seeded random weights and batch), the training graph \
            `checkmate solve` schedules for the same flags with each node's workspace \
            grown by its kernels' scratch space; finds a schedule with the strategy \
            (or reads one with --schedule); and runs it and the checkpoint-all \
            schedule for --steps steps each. Every tensor, every kernel's scratch space \
            and the constant memory live in one arena whose size is fixed before the \
            step by a static best-fit plan of the schedule's lifetimes.

            The table gives, for each schedule: the replay's peak; the arena; the \
            highest arena page the process touched (by the kernel's count of resident \
            pages); the growth of the process's peak resident memory over the steps \
            (getrusage); the median seconds per step; the real overhead (seconds over \
            checkpoint-all's) beside the predicted one (cost over checkpoint-all's, in \
            the graph's costs: FLOPs, or seconds with --profile from `checkmate \
            profile`); the loss; and the largest difference between its parameter \
            gradients and checkpoint-all's, which recomputation leaves at 0.

            Examples:
              checkmate run zoo:resnet50 --resolution 64x64 --batch 16 --budget 50% --strategy milp
              checkmate profile zoo:vgg16 --resolution 64x64 --batch 16 --output vgg16.json
              checkmate run zoo:vgg16 --resolution 64x64 --batch 16 --profile vgg16.json \\
                  --budget 70% --strategy milp --time-limit 60
              checkmate run onnx:model.onnx --batch 8 --budget 60% --strategy chen-greedy
              checkmate run mlp --layers 16 --width 1024 --batch 8192 --budget 50% --strategy milp
              checkmate run zoo:unet --resolution 64x64 --batch 4 --graph-output unet.json
              checkmate solve unet.json --strategy milp --budget 60% --output schedule.json
              checkmate run zoo:unet --resolution 64x64 --batch 4 --schedule schedule.json

            Exit status: 0 when the schedules ran and every measured check held; 1 \
            when a file cannot be read or written, or a measured check fails (a \
            tensor does not fit the arena, the gradients differ from checkpoint-all's, \
            the resident memory grew past the arena by more than \
            \(ByteCount(RunMeasurement.residentAllowance))); 2 when an input is \
            invalid or the runtime has no kernel for a layer; 3 when the strategy \
            finds no schedule within the budget.
            """
    )

    @OptionGroup var model: RuntimeModelOptions

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

    @Option(parsing: .unconditional, help: ArgumentHelp("Training steps per schedule; the time is their median.", valueName: "n"))
    var steps = 3

    @Option(help: ArgumentHelp("Write the program's training graph (the graph schedules are for) to this file, for `checkmate solve`.",
                               valueName: "graph.json"))
    var graphOutput: String?

    @Flag(help: "Print one JSON object instead of the table.")
    var json = false

    @OptionGroup(title: "Solver options (milp, lp-rounding)")
    var solver: SolverOptions

    func validate() throws {
        if schedule != nil, strategy != nil { throw ValidationError("give --strategy or --schedule, not both") }
        guard (1...1000).contains(steps) else { throw ValidationError("--steps must be from 1 to 1000") }
    }

    func run() throws {
        RuntimeModelOptions.sleepWhileIdle()
        let program = try model.program()
        let graph = try model.graph.measured(program.graph)
        let checkpointAll = try Self.solution(CheckpointAll(), graph, budget: .max, options: SolveOptions())
        guard checkpointAll.replay.peakMemory <= ProcessInfo.processInfo.physicalMemory / 2 else {
            throw Terminal.fail("\(graph.name) needs \(Format.bytes(checkpointAll.replay.peakMemory)) to run without "
                + "recomputation, more than half this machine's memory; choose a smaller model", code: 2)
        }
        if let graphOutput { try Terminal.write(String(decoding: graph.json(), as: UTF8.self), to: graphOutput) }
        let solution = try schedule.map { try Self.solution(in: $0, graph, budget: budget) }
            ?? Self.solution(strategy?.strategy ?? StrategyCatalog.milp, graph,
                             budget: try (budget ?? .shareOfCheckpointAll(0.5)).bytesForCommand(graph), options: solver.solveOptions())
        let measurement = try RunMeasurement(program: program, graph: graph, solution: solution,
                                             checkpointAll: checkpointAll, steps: steps)
        print(json ? measurement.json(model: model.model) : measurement.table)
        if let failure = measurement.failure { throw Terminal.fail(failure, code: 1) }
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
                + "give the model flags it was solved for", code: 2)
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
