import ArgumentParser
import Checkmate
import CheckmateAnalysis
import CheckmateCatalog
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

            --plot draws the table as the paper's figure 6: a group of bars per model, a bar per \
            strategy (of height zero where no batch fits, a dash where the strategy is missing). The file \
            is rewritten after each model, so a run cut short leaves the models done so far.

            Example:
              checkmate benchmark max-batch --models vgg19,unet --plot max-batch.svg
            """
    )

    /// The paper's maximum batch sizes: checkpoint all, Chen sqrt(n), Chen greedy, Checkmate.
    static let paper: [String: [Int]] = [
        "unet": [22, 18, 21, 57], "fcn8": [26, 42, 42, 60], "segnet": [22, 33, 39, 62],
        "resnet50": [101, 118, 165, 193], "vgg19": [191, 223, 231, 289], "mobilenet": [217, 448, 504, 1105],
    ]

    @Option(parsing: .unconditional, help: ArgumentHelp("Device memory, constant memory included.", valueName: "size"))
    var memory: String = "16GiB"

    @Option(help: "Comma-separated models.")
    var models: String = "unet,fcn8,segnet,resnet50,vgg19,mobilenet"

    @Option(help: "Comma-separated strategies; checkpoint-all is always first, the last is the one compared with Checkmate.")
    var strategies: String = "chen-sqrtn,chen-greedy,milp"

    @Option(help: "Optimizer whose state counts in constant memory.")
    var optimizer = Optimizer.sgd

    @Flag(inversion: .prefixedNo, help: "Fuse pointwise layers into their producer's node (as the paper's Keras graphs largely did).")
    var fuse = true

    @OptionGroup(title: "Solver options (milp, lp-rounding, dtr)")
    var solver: SolverOptions

    @Option(parsing: .unconditional, help: "Largest overhead allowed (default: one extra forward pass).")
    var maxOverhead: Double?

    @Option(help: ArgumentHelp("Also draw the largest batches as a bar chart into this SVG file.", valueName: "file.svg"))
    var plot: String?

    @Flag(help: "In --plot, draw each batch over checkpoint-all's batch for the same model (bars keep the batch as label).")
    var plotRelative = false

    func run() throws {
        let bytes = try MaxBatchCommand.memory(memory)
        let cap = try MaxBatchCommand.cap(maxOverhead)
        var zooModels: [ZooModel] = []
        for name in models.split(separator: ",") {
            guard let model = Zoo.model(named: String(name)) else {
                throw Terminal.fail(ZooError.unknownModel(String(name)).description, code: 2)
            }
            zooModels.append(model)
        }
        let names = ["checkpoint-all"] + strategies.split(separator: ",").map(String.init).filter { $0 != "checkpoint-all" }
        let available = names.map { StrategyCatalog.strategy(named: $0) }
        for (name, strategy) in zip(names, available) where strategy == nil {
            Terminal.note("note: no strategy '\(name)' in this build; its column prints n/a")
        }
        let settings = ModelSettings(options: TrainingOptions(optimizer: optimizer, fusesPointwiseLayers: fuse))
        let options = solver.solveOptions(defaultTimeLimit: SolverOptions.batchTimeLimit)
        var table = MaxBatchTable(
            memory: bytes,
            conditions: "FLOP costs, \(optimizer.rawValue) optimizer, "
                + (fuse ? "pointwise layers fused, " : "one node per layer, ")
                + (maxOverhead.map { "overhead at most \($0)" } ?? "at most one extra forward pass"),
            strategies: names)
        try drawPlot(table)

        var rows: [[String]] = []
        for model in zooModels {
            let search = MaxBatchRun(model: model, settings: settings, memory: bytes, cap: cap, options: options)
            var batches: [Int?] = []
            for strategy in available {
                guard let strategy else { batches.append(nil); continue }
                let start = batches.first.flatMap { $0 }.map { max($0, 1) }
                batches.append(try search.run(strategy, start: start)?.batch ?? 0)
            }
            let ours: [String] = batches.map { $0.map(String.init) ?? "n/a" }
            var paperCells = ["-", "-"]
            if let paper = Self.paper[model.name] {
                paperCells = [paper.map(String.init).joined(separator: " / "), Self.ratio(paper[3], paper[0])]
            }
            rows.append([model.name] + ours + [Self.ratio(batches.last ?? nil, batches[0])] + paperCells)
            table.append(model: model.name, batches: batches)
            try drawPlot(table)
        }
        if let plot { Terminal.note("wrote the chart to \(plot)") }
        print(table.title + ":\n")
        let header = ["model"] + names + ["\(names.last!) / all", "paper: all / sqrt(n) / greedy / Checkmate", "paper: Checkmate / all"]
        print(Self.markdown(header: header, rows: rows))
    }

    /// Writes `table`'s chart to `--plot`, if given.
    private func drawPlot(_ table: MaxBatchTable) throws(ExitCode) {
        guard let plot else { return }
        try Terminal.write(table.chart(relativeTo: plotRelative ? table.strategies[0] : nil).svg(), to: plot)
    }

    /// A Markdown table, numbers right-aligned.
    private static func markdown(header: [String], rows: [[String]]) -> String {
        let line = { (cells: [String]) in "| " + cells.joined(separator: " | ") + " |" }
        let rule = "|" + header.indices.map { $0 == 0 ? " --- |" : " ---: |" }.joined()
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
    }

    private static func ratio(_ batch: Int?, _ reference: Int?) -> String {
        guard let batch, let reference, reference > 0 else { return "n/a" }
        return String(format: "%.2f", Double(batch) / Double(reference))
    }
}
