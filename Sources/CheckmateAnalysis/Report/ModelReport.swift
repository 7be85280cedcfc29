import Checkmate
import Foundation
import Synchronization

/// One model's report at one device memory: the Checkmate paper's
/// evaluation (Jain et al., MLSys 2020: Figures 5 and 6 and its schedule
/// figures) for a single network, as an `index.html` with its files.
///
/// It finds each strategy's largest batch within `memory` (the bar chart
/// and table), sweeps every strategy over `budgets` (by default 8 from the
/// graph's memory lower bound to the checkpoint-all peak) at one batch (by
/// default the largest that checkpointing everything fits), and draws the
/// schedule of the sweep's ``SweepTable/pictureRow``. The page links only
/// files it wrote.
///
///     let report = ModelReport(model: model, memory: 16 << 30, strategies: strategies,
///                              reference: checkpointAll)
///     let files = try report.write(to: URL(fileURLWithPath: "out"))
public struct ModelReport: Sendable {
    /// What the report needs to know about a model.
    public struct Model: Sendable {
        public var name: String
        public var summary: String
        /// The model's parameter count, if known.
        public var parameterCount: Int?
        /// The model's training graph for a batch size.
        public var graph: @Sendable (Int) throws(MaxBatchError) -> TrainingGraph

        public init(name: String, summary: String, parameterCount: Int?,
                    graph: @escaping @Sendable (Int) throws(MaxBatchError) -> TrainingGraph) {
            self.name = name
            self.summary = summary
            self.parameterCount = parameterCount
            self.graph = graph
        }
    }

    public var model: Model
    /// The device memory in bytes, constant memory included.
    public var memory: Int
    public var strategies: [any Strategy]
    /// Checkpointing everything: the batch the sweep uses by default and the peak budgets' percentages refer to.
    public var reference: any Strategy
    /// The sweep's budgets; nil for 8 from the graph's memory lower bound to the `reference` peak.
    public var budgets: BudgetSpec?
    /// The batch of the sweep; nil for the largest batch `reference` fits.
    public var batch: Int?
    public var cap: RecomputationCap
    public var options: SolveOptions
    /// How many strategies run at the same time.
    public var workers: Int
    /// Receives progress lines.
    public var progress: @Sendable (String) -> Void

    public init(
        model: Model, memory: Int, strategies: [any Strategy], reference: any Strategy, budgets: BudgetSpec? = nil,
        batch: Int? = nil, cap: RecomputationCap = .extraForwardPasses(1), options: SolveOptions = SolveOptions(),
        workers: Int = 1, progress: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.model = model
        self.memory = memory
        self.strategies = strategies
        self.reference = reference
        self.budgets = budgets
        self.batch = batch
        self.cap = cap
        self.options = options
        self.workers = workers
        self.progress = progress
    }

    /// The largest batch each strategy fits (nil: not even batch 1), by
    /// strategy name; a strategy that fails keeps its error, so one strategy
    /// that does not apply leaves the others' results.
    ///
    /// - Throws: the reference strategy's error: without it there is nothing to compare with.
    public func maxBatches() throws(ReportError) -> (reference: MaxBatchResult?, byStrategy: [String: MaxBatchOutcome]) {
        let baseline = try search(reference, start: 1)
        let results = Mutex([String: MaxBatchOutcome]())
        forEachConcurrently(strategies.count, workers: workers) { index in
            let strategy = strategies[index]
            let result: MaxBatchOutcome = strategy.name == reference.name
                ? .success(baseline)
                : Result { () throws(ReportError) in try search(strategy, start: baseline?.batch ?? 1) }
            results.withLock { $0[strategy.name] = result }
        }
        return (baseline, results.withLock { $0 })
    }

    /// A strategy's largest batch (nil when none fits), or why the search failed.
    public typealias MaxBatchOutcome = Result<MaxBatchResult?, ReportError>

    private func search(_ strategy: any Strategy, start: Int) throws(ReportError) -> MaxBatchResult? {
        var options = options
        let progress = progress
        let name = "max batch \(model.name) \(strategy.name)"
        options.progress = { line in progress("\(name): \(line)") }
        let search = MaxBatchSearch(memory: memory, strategy: strategy, cap: cap, options: options, start: start)
        do {
            let result = try search.run(model.graph)
            progress("\(name): \(result.map { "batch \($0.batch)" } ?? "no batch fits")")
            return result
        } catch {
            throw .maxBatch(error)
        }
    }

    /// Writes the report into `directory`: `index.html`, `maxbatch.svg` and
    /// the sweep's files. Returns the files written, relative to `directory`.
    @discardableResult
    public func write(to directory: URL) throws(ReportError) -> [String] {
        let (baseline, maxBatches) = try maxBatches()
        guard let batch = batch ?? baseline?.batch else {
            throw .nothingFits("\(reference.name) fits no batch of \(model.name) in \(ByteCount(memory)); give --batch")
        }
        let graph: TrainingGraph
        do { graph = try model.graph(batch) } catch { throw .maxBatch(error) }
        let referencePeak: Int
        do {
            referencePeak = try reference.solve(graph, budget: .max, options: options).replay.peakMemory
        } catch {
            throw .strategy(error)
        }
        let spec = budgets ?? BudgetSpec(.range(lower: .bytes(min(graph.memoryLowerBound, referencePeak)),
                                                upper: .shareOfCheckpointAll(1), count: 8))
        let budgetList: [Int]
        do { budgetList = try spec.budgets(reference: referencePeak, memoryLowerBound: graph.memoryLowerBound) } catch { throw .budget(error) }
        do throws(SweepOutputError) {
            var (table, files) = try sweep(graph, budgets: budgetList, referencePeak: referencePeak, into: directory)
            try SweepRecorder.write(Data(maxBatchTable(maxBatches).chart().svg().utf8),
                                    to: directory.appendingPathComponent("maxbatch.svg"))
            files.append("maxbatch.svg")
            files += table.rows.filter { $0.status == .ok }.map {
                SweepRecorder.scheduleFile(strategy: $0.strategy, budget: $0.budget)
            }
            let page = self.page(graph: graph, batch: batch, maxBatches: maxBatches, table: table)
            try SweepRecorder.write(Data(page.rendered(available: Set(files)).utf8),
                                    to: directory.appendingPathComponent("index.html"))
            return ["index.html"] + files
        } catch {
            throw .output(error)
        }
    }

    /// Sweeps every strategy over `budgets` on `graph`, recording into `directory`.
    private func sweep(
        _ graph: TrainingGraph, budgets: [Int], referencePeak: Int, into directory: URL
    ) throws(SweepOutputError) -> (table: SweepTable, files: [String]) {
        let sweep = BudgetSweep(graph: graph, strategies: strategies, budgets: budgets,
                                options: options, workers: workers, referencePeak: referencePeak)
        let recorder = try SweepRecorder(directory: directory, graph: graph, table: sweep.emptyTable)
        return try sweep.run(recordingWith: recorder, monitor: SweepMonitor(sweep), log: progress)
    }

    /// The paper's Figure 6 for this model: each strategy's largest batch
    /// (0 when none fits; nil when its search failed).
    func maxBatchTable(_ maxBatches: [String: MaxBatchOutcome]) -> MaxBatchTable {
        var table = MaxBatchTable(memory: memory, strategies: strategies.map(\.name))
        table.append(model: model.name, batches: strategies.map { strategy in
            guard case .success(let result)? = maxBatches[strategy.name] else { return nil }
            return result?.batch ?? 0
        })
        return table
    }
}

/// Why a report could not be written.
public enum ReportError: Error, Sendable, CustomStringConvertible {
    /// Not even the smallest batch fits.
    case nothingFits(String)
    case maxBatch(MaxBatchError)
    case strategy(StrategyError)
    case output(SweepOutputError)
    case budget(BudgetError)

    public var description: String {
        switch self {
        case .nothingFits(let reason): reason
        case .maxBatch(let error): "\(error)"
        case .strategy(let error): "\(error)"
        case .output(let error): "\(error)"
        case .budget(let error): "\(error)"
        }
    }
}
