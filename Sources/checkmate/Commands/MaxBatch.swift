import ArgumentParser
import Checkmate
import CheckmateAnalysis
import CheckmateModels
import Foundation

/// `checkmate max-batch`: the largest batch a strategy fits in a memory.
struct MaxBatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "max-batch",
        abstract: "Find the largest batch for which a strategy fits a zoo model's training step in a memory.",
        discussion: """
            Searches batch sizes (doubling, then bisecting; it assumes that a batch fits whenever a larger \
            one does) and keeps only schedules that recompute at most one extra forward pass, as the \
            Checkmate paper did, unless --max-overhead says otherwise. Prints checkpoint all's largest \
            batch beside the strategy's. Exit code 3 when not even batch 1 fits.
            """
    )

    @Argument(help: "The model (see `checkmate zoo list`); `zoo:` prefix optional.")
    var model: String

    @Option(help: "Device memory, constant memory included (16GB, 40GB, 80GiB, or bytes; GB means 2^30 bytes).")
    var memory: String

    @Option(help: "The strategy (see `checkmate strategies`).")
    var strategy: String

    @Option(help: "Largest overhead (cost over the cost without recomputation) a schedule may have (default: one extra forward pass).")
    var maxOverhead: Double?

    @Option(help: "Seconds each solve may take (solvers only).")
    var timeLimit: Double?

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @OptionGroup var graph: ZooGraphOptions

    func run() throws {
        try reportingFailure { () throws(CommandFailure) in
            let model = try ZooGraphOptions.model(named: model)
            guard let bytes = MemorySize.parse(memory) else {
                throw .badInput("--memory must be a size such as 16GB or 512MiB, not '\(memory)'")
            }
            let cap = try Self.cap(maxOverhead)
            _ = try graph.trainingGraph(model, batch: 1)
            let strategy = try Self.strategy(named: strategy)
            let reference = try Self.strategy(named: "checkpoint-all")
            var options = SolveOptions(timeLimit: timeLimit)
            options.progress = { printError($0) }
            let search = MaxBatchRun(model: model, graph: graph, memory: bytes, cap: cap, options: options)
            let baseline = try search.run(reference)
            let result = strategy.name == reference.name ? baseline : try search.run(strategy, start: baseline?.batch)
            if json {
                let object: [String: JSONValue] = [
                    "model": .string(model.name), "memory": .number(Double(bytes)), "strategy": .string(strategy.name),
                    "batch": .number(Double(result?.batch ?? 0)),
                    "peakMemory": result.map { .number(Double($0.peakMemory)) } ?? .null,
                    "overhead": result.map { .number($0.overhead) } ?? .null,
                    "checkpointAllBatch": .number(Double(baseline?.batch ?? 0)),
                ]
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                print(String(decoding: try! encoder.encode(JSONValue.object(object)), as: UTF8.self))
            } else {
                print("model:               \(model.name) (\(graph.resolution ?? "\(model.input)"), \(graph.dtype), \(graph.optimizer), \(graph.device.map { "\($0) roofline" } ?? "FLOP") costs)")
                print("memory:              \(ByteCount(bytes))")
                print("strategy:            \(strategy.name)")
                if let result {
                    print("batch:               \(result.batch)")
                    print("peak memory:         \(ByteCount(result.peakMemory))")
                    print("overhead:            \(String(format: "%.3f", result.overhead))")
                } else {
                    print("batch:               none fits")
                }
                print("checkpoint-all batch: \(baseline.map { "\($0.batch)" } ?? "none fits")")
            }
            if result == nil {
                throw .nothingFits("\(strategy.name) fits no batch of \(model.name) in \(ByteCount(bytes))")
            }
        }
    }

    static func cap(_ maxOverhead: Double?) throws(CommandFailure) -> RecomputationCap {
        guard let maxOverhead else { return .extraForwardPasses(1) }
        guard maxOverhead.isFinite, maxOverhead >= 1 else {
            throw .badInput("--max-overhead must be at least 1 (no recomputation), not \(maxOverhead)")
        }
        return .overhead(maxOverhead)
    }

    static func strategy(named name: String) throws(CommandFailure) -> any Strategy {
        guard let strategy = StrategyCatalog.strategy(named: name) else {
            let names = StrategyCatalog.all.map(\.name).joined(separator: ", ")
            throw .badInput("no strategy called '\(name)'; the strategies are \(names.isEmpty ? "(none in this build)" : names)")
        }
        return strategy
    }
}

/// A maximum-batch search over one zoo model's graphs, for any strategy.
struct MaxBatchRun {
    var model: ZooModel
    var graph: ZooGraphOptions
    var memory: Int
    var cap: RecomputationCap
    var options: SolveOptions

    /// The largest batch `strategy` fits, searching from `start` (or 1).
    func run(_ strategy: any Strategy, start: Int? = nil) throws(CommandFailure) -> MaxBatchResult? {
        var options = options
        let report = options.progress
        options.progress = report.map { report in { @Sendable line in report("\(model.name) \(strategy.name): \(line)") } }
        let search = MaxBatchSearch(memory: memory, strategy: strategy, cap: cap, options: options,
                                    start: max(start ?? 1, 1))
        do {
            return try search.run { batch throws(MaxBatchError) in
                do throws(CommandFailure) {
                    return try graph.trainingGraph(model, batch: batch)
                } catch {
                    throw .graph(batch: batch, reason: error.message)
                }
            }
        } catch {
            throw .failed("\(error)")
        }
    }
}
