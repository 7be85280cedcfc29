import ArgumentParser
import Checkmate
import CheckmateAnalysis
import CheckmateCatalog
import CheckmateModels
import CheckmateRuntime
import Foundation

/// `checkmate benchmark runtime`: real training steps of zoo models by
/// schedule, with profiled costs: memory at the allocator, time at the clock.
struct RuntimeBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runtime",
        abstract: "Run zoo models' training steps by schedule at shares of the checkpoint-all peak; compare memory and time with the plan.",
        discussion: """
            For each model: builds its training step (`checkmate run`'s program), profiles \
            every node on this machine (`checkmate profile`), and at each budget (a share \
            of the checkpoint-all peak) solves the profiled graph with the strategy and \
            runs the schedule and checkpoint-all for --steps steps each, alternating. A row \
            gives the replayed peak, the arena (the plan's size) and its excess over the \
            peak, the growth of the process's peak resident memory in the first step, the \
            median seconds per step of the schedule and of checkpoint-all, and the real \
            overhead (seconds over checkpoint-all's) beside the predicted one (profiled \
            cost over checkpoint-all's). A budget below the graph's memory lower bound, \
            where no schedule can fit, says so.

            Batches default to sizes where activations outweigh the constant memory \
            (vgg16 256, resnet50 64, mobilenet 32, unet 96 at 64x64): VGG16's fully \
            connected layers keep its lower bound above half the peak at any batch. On \
            a machine shared with other work, --kernel-threads 1 gives steadier ratios \
            (a team of threads waits for its slowest member at every primitive).

            Example:
              checkmate benchmark runtime --models resnet50,mobilenet --budgets 100,70,50
            """
    )

    static let defaultBatches = ["vgg16": 256, "resnet50": 64, "mobilenet": 32, "unet": 96]

    @Option(help: "Comma-separated zoo models.")
    var models = "vgg16,resnet50,mobilenet,unet"

    @Option(help: ArgumentHelp("Input size of every model.", valueName: "HxW"))
    var resolution = "64x64"

    @Option(help: ArgumentHelp("Batch sizes, such as resnet50=64,unet=16 (others keep their defaults).", valueName: "list"))
    var batches: String?

    @Option(help: ArgumentHelp("Budgets in percent of the checkpoint-all peak.", valueName: "list"))
    var budgets = "100,70,50"

    @Option(help: ArgumentHelp("The strategy (default: milp).", valueName: "name"))
    var strategy: StrategyName?

    @OptionGroup(title: "Solver options (milp, lp-rounding, dtr; --time-limit defaults to 60 s here)")
    var solver: SolverOptions

    @Option(parsing: .unconditional, help: ArgumentHelp("Steps each schedule runs; times are medians.", valueName: "n"))
    var steps = 3

    @Option(parsing: .unconditional, help: ArgumentHelp("Steps profiled per model.", valueName: "n"))
    var runs = 3

    @Option(help: "Optimizer whose state counts in constant memory (default: sgd, as the paper: parameters and gradients).")
    var optimizer = Optimizer.sgd

    @Flag(help: "Fuse pointwise layers into their producer's node.")
    var fuse = false

    @Option(parsing: .unconditional, help: ArgumentHelp("Threads of the kernels' libraries (default: one per processor).", valueName: "n"))
    var kernelThreads: Int?

    func validate() throws {
        guard (1...100).contains(steps), (1...100).contains(runs) else { throw ValidationError("--steps and --runs must be from 1 to 100") }
    }

    func run() throws {
        RuntimeModelOptions.sleepWhileIdle()
        guard let size = ZooModel.Input(resolution) else { throw Terminal.fail("--resolution must be HxW, not '\(resolution)'", code: 2) }
        let shares = try budgets.split(separator: ",").map { (text: Substring) throws(ExitCode) -> Double in
            guard let percent = Double(text.trimmingCharacters(in: .whitespaces)), percent > 0, percent <= 100 else {
                throw Terminal.fail("--budgets must list percents from 0 to 100, not '\(text)'", code: 2)
            }
            return percent / 100
        }
        var batchSizes = Self.defaultBatches
        for entry in (batches ?? "").split(separator: ",") {
            let parts = entry.split(separator: "=").map(String.init)
            guard parts.count == 2, let batch = Int(parts[1]), batch > 0 else {
                throw Terminal.fail("--batches must be model=size pairs, not '\(entry)'", code: 2)
            }
            batchSizes[parts[0]] = batch
        }
        let strategy = strategy?.strategy ?? StrategyCatalog.milp
        if let kernelThreads { RuntimeThreads.limit(to: kernelThreads) }
        let options = TrainingOptions(optimizer: optimizer, fusesPointwiseLayers: fuse)
        var rows: [[String]] = []
        for name in models.split(separator: ",").map(String.init) {
            let batch = batchSizes[name] ?? 16
            var network: Network
            do {
                network = try Zoo.network(named: name, batch: batch, input: size)
            } catch {
                throw Terminal.fail("\(name): \(error)", code: 2)
            }
            network.name = "\(network.name)-b\(batch)"
            Terminal.note("\(network.name): building the kernels")
            let program: TrainingProgram
            do {
                program = try TrainingProgram(network: network, options: options)
            } catch {
                throw Terminal.fail("\(name): \(error)", code: 2)
            }
            let profile = try ProfileCommand.profile(program, runs: runs)
            let graph: TrainingGraph
            do {
                graph = try MeasuredProfile(seconds: profile.seconds).apply(to: program.graph)
            } catch {
                throw Terminal.fail("\(name): \(error)", code: 1)
            }
            let checkpointAll = try RunCommand.solution(CheckpointAll(), graph, budget: .max, options: SolveOptions())
            for share in shares {
                let budget = Int(share * Double(checkpointAll.replay.peakMemory))
                let label = "\(Format.fixed(100 * share, digits: 0))%"
                let solution: Solution
                do {
                    Terminal.note("\(network.name): solving with \(strategy.name) within \(label)")
                    let prefix = "\(network.name) \(label): "
                    var options = solver.solveOptions(defaultTimeLimit: 60)
                    options.progress = { Terminal.note(prefix + $0) }
                    solution = try strategy.solve(graph, budget: budget, options: options)
                } catch {
                    let lower = Double(graph.memoryLowerBound) / Double(checkpointAll.replay.peakMemory)
                    let reason = budget < graph.memoryLowerBound
                        ? "below the memory lower bound (\(Format.fixed(100 * lower, digits: 0))%)" : "no schedule found"
                    rows.append([network.name, label, reason] + Array(repeating: "-", count: 8))
                    continue
                }
                let measurement = try RunMeasurement(program: program, graph: graph, solution: solution,
                                                     checkpointAll: checkpointAll, steps: steps)
                let (run, reference) = (measurement.run, measurement.reference)
                let peak = solution.replay.peakMemory
                rows.append([
                    network.name, label, ByteCount(peak).description, ByteCount(run.arenaBytes).description,
                    "+" + Format.fixed(100 * Double(run.arenaBytes - peak) / Double(peak), digits: 2) + "%",
                    ByteCount(run.residentPeakDelta).description, Format.fixed(run.medianSeconds, digits: 3),
                    Format.fixed(reference.medianSeconds, digits: 3), Format.fixed(measurement.realOverhead, digits: 3) + "x",
                    Format.fixed(measurement.predictedOverhead, digits: 3) + "x",
                    measurement.failure == nil ? "identical" : "DIFFER",
                ])
            }
        }
        print("\(strategy.name), \(resolution), \(optimizer.rawValue), \(fuse ? "fused" : "one node per layer"), "
            + "\(kernelThreads.map { "\($0) thread\($0 == 1 ? "" : "s")" } ?? "a thread per processor"), "
            + "profiled costs, \(steps) steps each (median); resident growth over the first step:\n")
        let header = ["model", "budget", "replayed peak", "arena", "arena over peak", "resident growth", "s/step",
                      "checkpoint-all s/step", "real overhead", "predicted overhead", "gradients"]
        print("| " + header.joined(separator: " | ") + " |")
        print("|" + header.indices.map { $0 < 2 ? " --- |" : " ---: |" }.joined())
        for row in rows { print("| " + row.joined(separator: " | ") + " |") }
    }
}
