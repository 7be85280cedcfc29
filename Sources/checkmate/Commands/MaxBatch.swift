import ArgumentParser
import Checkmate
import CheckmateAnalysis
import CheckmateModels
import Foundation

/// `checkmate max-batch`: the largest batch a strategy fits in a memory.
struct MaxBatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "max-batch",
        abstract: "Find the largest batch for which a strategy fits a zoo or ONNX model's training step in a memory.",
        discussion: """
            Searches batch sizes (doubling, then bisecting; it assumes that a batch fits whenever a \
            larger one does) and keeps only schedules that recompute at most one extra forward pass, \
            as the Checkmate paper did, unless --max-overhead says otherwise. Prints checkpoint all's \
            largest batch beside the strategy's.

            Examples:
              checkmate max-batch vgg19 --memory 16GiB --strategy chen-greedy
              checkmate max-batch onnx:resnet50.onnx --memory 16GiB --strategy chen-greedy

            Exit status: 0 when a batch fits; 2 for invalid input; 3 when not even batch 1 fits.
            """
    )

    @Argument(help: ArgumentHelp("The model: a zoo model (see `checkmate zoo list`; the zoo: prefix is optional) or onnx:PATH.",
                                 valueName: "model"))
    var model: String

    @Option(parsing: .unconditional, help: ArgumentHelp("Device memory, constant memory included: bytes or a size (16GiB, 40GB).", valueName: "size"))
    var memory: String

    @OptionGroup var strategyOption: StrategyOption

    @Option(parsing: .unconditional, help: ArgumentHelp("The largest overhead (cost over the cost without recomputation) a schedule may have (default: one extra forward pass).",
                               valueName: "x"))
    var maxOverhead: Double?

    @OptionGroup(title: "Solver options (milp, lp-rounding, dtr)")
    var solver: SolverOptions

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @OptionGroup var zoo: ZooGraphOptions

    @OptionGroup var onnx: ONNXGraphOptions

    func run() throws {
        let source: GraphSource
        let name: String
        let description: String
        var settings = try zoo.settings(batch: nil)
        if model.hasPrefix("onnx:") {
            source = .onnx(path: String(model.dropFirst("onnx:".count)))
            name = source.description
            if zoo.resolution != nil { throw Terminal.fail("--resolution applies only to zoo models", code: 2) }
            try onnx.apply(to: &settings)
            description = zoo.summary(nil)
        } else {
            guard let model = Zoo.model(named: model) else {
                throw Terminal.fail(ZooError.unknownModel(model).description, code: 2)
            }
            if onnx.isSet { throw Terminal.fail("--dim and --unknown-ops apply only to onnx:PATH models", code: 2) }
            source = .zoo(model: model.name)
            name = model.name
            description = zoo.summary(model)
        }
        let bytes = try Self.memory(memory)
        let cap = try Self.cap(maxOverhead)
        let strategy = strategyOption.strategy.strategy
        let reference: any Strategy = CheckpointAll()
        let search = MaxBatchRun(name: name, source: source, settings: settings, memory: bytes, cap: cap,
                                 options: solver.solveOptions(defaultTimeLimit: SolverOptions.batchTimeLimit))
        Terminal.note("max-batch: \(name) in \(Format.bytes(bytes)) with \(strategy.name); " + Format.timeLimit(search.options.timeLimit))
        try search.validate()
        let baseline = try search.run(reference)
        let result = strategy.name == reference.name ? baseline : try search.run(strategy, start: baseline?.batch)
        if json {
            let object: [String: JSONValue] = [
                "model": .string(name), "memory": .number(Double(bytes)), "strategy": .string(strategy.name),
                "batch": .number(Double(result?.batch ?? 0)),
                "peakMemory": result.map { .number(Double($0.peakMemory)) } ?? .null,
                "overhead": result.map { .number($0.overhead) } ?? .null,
                "checkpointAllBatch": .number(Double(baseline?.batch ?? 0)),
                "batchIsSearchLimit": .bool(result?.isLimit ?? false),
            ]
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(JSONValue.object(object)), as: UTF8.self))
        } else {
            var rows = [("model", "\(name) (\(description))"), ("memory", Format.bytes(bytes)),
                        ("strategy", strategy.name)]
            if let result {
                rows += [("batch", "\(result.batch)" + (result.isLimit ? " (the search's limit: larger batches were not tried)" : "")),
                         ("peak", Format.bytes(result.peakMemory)),
                         ("overhead", Format.fixed(result.overhead, digits: 3) + "x")]
            } else {
                rows.append(("batch", "none fits"))
            }
            rows.append(("checkpoint-all batch", baseline.map { "\($0.batch)" + ($0.isLimit ? " (the search's limit)" : "") } ?? "none fits"))
            print(Format.fields(rows))
        }
        if result == nil {
            throw Terminal.fail("\(strategy.name) fits no batch of \(name) in \(Format.bytes(bytes))", code: 3)
        }
    }

    /// A memory argument in bytes.
    static func memory(_ text: String) throws(ExitCode) -> Int {
        let budget: Budget
        do {
            budget = try Budget(parsing: text)
        } catch {
            throw Terminal.fail("--memory: \(error)", code: 2)
        }
        guard case .bytes(let bytes) = budget, bytes > 0 else {
            throw Terminal.fail("--memory must be a positive size such as 16GiB, not '\(text)'", code: 2)
        }
        return bytes
    }

    /// The recomputation cap `--max-overhead` asks for.
    static func cap(_ maxOverhead: Double?) throws(ExitCode) -> RecomputationCap {
        guard let maxOverhead else { return .extraForwardPasses(1) }
        guard maxOverhead.isFinite, maxOverhead >= 1 else {
            throw Terminal.fail("--max-overhead must be at least 1 (no recomputation), not \(maxOverhead)", code: 2)
        }
        return .overhead(maxOverhead)
    }
}

/// A maximum-batch search over one zoo or ONNX model's graphs, for any strategy.
struct MaxBatchRun {
    var name: String
    var source: GraphSource
    var settings: ModelSettings
    var memory: Int
    var cap: RecomputationCap
    var options: SolveOptions

    /// Checks that the model builds with these settings (so later failures are not bad input).
    func validate() throws(ExitCode) {
        var settings = settings
        settings.batch = 1
        do {
            _ = try source.load(settings: settings)
        } catch {
            throw error.reported()
        }
    }

    /// The largest batch `strategy` fits, searching from `start` (or 1).
    func run(_ strategy: any Strategy, start: Int? = nil) throws(ExitCode) -> MaxBatchResult? {
        var options = options
        options.progress = options.progress.map { report in
            { @Sendable [name] line in report("\(name) \(strategy.name): \(line)") }
        }
        let search = MaxBatchSearch(memory: memory, strategy: strategy, cap: cap, options: options,
                                    start: max(start ?? 1, 1))
        do {
            return try search.run { batch throws(MaxBatchError) in
                var settings = settings
                settings.batch = batch
                do throws(InputError) {
                    return try source.load(settings: settings)
                } catch {
                    throw .graph(batch: batch, reason: error.description)
                }
            }
        } catch {
            throw Terminal.fail("\(name): \(error)", code: 1)
        }
    }
}

extension MaxBatchRun {
    /// A search over the graphs of the zoo model `model`.
    init(model: ZooModel, settings: ModelSettings, memory: Int, cap: RecomputationCap, options: SolveOptions) {
        self.init(name: model.name, source: .zoo(model: model.name), settings: settings, memory: memory, cap: cap,
                  options: options)
    }
}
