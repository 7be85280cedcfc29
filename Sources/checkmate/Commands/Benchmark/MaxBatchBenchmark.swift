import ArgumentParser
import Checkmate
import CheckmateAnalysis
import CheckmateModels
import Foundation

/// The paper's maximum batch size table for our zoo, beside the paper's numbers.
struct MaxBatchBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "max-batch",
        abstract: "Largest batch per model and strategy at 16 GB, beside the Checkmate paper's table.",
        discussion: """
            The paper (Jain et al., MLSys 2020, figure 6) used FLOP costs, 224x224 classification and \
            416x608 segmentation inputs, at most one extra forward pass, and counted parameters and their \
            gradients as constant memory (so --optimizer sgd by default here). Our graphs are not \
            the paper's op for op; compare the ratio of the best strategy to checkpoint all. Strategies \
            missing from this build print n/a.
            """
    )

    /// The paper's maximum batch sizes: checkpoint all, Chen sqrt(n), Chen greedy, Checkmate.
    static let paper: [String: [Int]] = [
        "unet": [22, 18, 21, 57], "fcn8": [26, 42, 42, 60], "segnet": [22, 33, 39, 62],
        "resnet50": [101, 118, 165, 193], "vgg19": [191, 223, 231, 289], "mobilenet": [217, 448, 504, 1105],
    ]

    @Option(help: "Device memory (GB means 2^30 bytes).")
    var memory: String = "16GB"

    @Option(help: "Comma-separated models.")
    var models: String = "unet,fcn8,segnet,resnet50,vgg19,mobilenet"

    @Option(help: "Comma-separated strategies; checkpoint-all is always first, the last is the one compared with Checkmate.")
    var strategies: String = "chen-sqrtn,chen-greedy,milp"

    @Option(help: "Optimizer whose state counts in constant memory.")
    var optimizer: String = Optimizer.sgd.rawValue

    @Option(help: "Seconds each solve may take (solvers only).")
    var timeLimit: Double?

    @Option(help: "Largest overhead allowed (default: one extra forward pass).")
    var maxOverhead: Double?

    func run() throws {
        try reportingFailure { () throws(CommandFailure) in
            guard let bytes = MemorySize.parse(memory) else {
                throw .badInput("--memory must be a size such as 16GB, not '\(memory)'")
            }
            let cap = try MaxBatchCommand.cap(maxOverhead)
            let zooModels = try models.split(separator: ",").map { (name) throws(CommandFailure) in
                try ZooGraphOptions.model(named: String(name))
            }
            let names = ["checkpoint-all"] + strategies.split(separator: ",").map(String.init).filter { $0 != "checkpoint-all" }
            let available = names.map { StrategyCatalog.strategy(named: $0) }
            guard available[0] != nil else { throw .failed("this build has no checkpoint-all strategy") }
            for (name, strategy) in zip(names, available) where strategy == nil {
                printError("note: no strategy '\(name)' in this build; its column prints n/a")
            }
            guard var graph = try? ZooGraphOptions.parse([]) else { throw .failed("cannot make the default graph options") }
            graph.optimizer = optimizer
            _ = try graph.trainingOptions()
            var options = SolveOptions(timeLimit: timeLimit)
            options.progress = { printError($0) }

            var rows: [[String]] = []
            for model in zooModels {
                let search = MaxBatchRun(model: model, graph: graph, memory: bytes, cap: cap, options: options)
                var batches: [Int?] = []
                var reference: Int?
                for strategy in available {
                    guard let strategy else { batches.append(nil); continue }
                    let batch = try search.run(strategy, start: reference)?.batch ?? 0
                    if reference == nil { reference = max(batch, 1) }
                    batches.append(batch)
                }
                let ours = batches.map { $0.map(String.init) ?? "n/a" }
                let ratio = Self.ratio(batches.last ?? nil, batches[0])
                let paper = Self.paper[model.name]
                rows.append([model.name] + ours + [ratio,
                    paper.map { $0.map(String.init).joined(separator: " / ") } ?? "-",
                    paper.map { Self.ratio($0[3], $0[0]) } ?? "-"])
            }
            let header = ["model"] + names + ["\(names.last!) / all", "paper (all / sqrt(n) / greedy / Checkmate)", "paper Checkmate / all"]
            print(Table(header: header, rows: rows, rightAligned: Set(1...(names.count + 1)).union([header.count - 1])).markdown)
        }
    }

    private static func ratio(_ batch: Int?, _ reference: Int?) -> String {
        guard let batch, let reference, reference > 0 else { return "n/a" }
        return String(format: "%.2f", Double(batch) / Double(reference))
    }
}
