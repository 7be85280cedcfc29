import Checkmate

/// The largest batch of several models for several strategies within one
/// memory: the numbers behind the Checkmate paper's Figure 6 (Jain et al.,
/// MLSys 2020, section 6.3), which ``chart(relativeTo:)`` draws.
///
/// Invariant: `batches` holds one row per model, in the order of `models`,
/// and each row one entry per strategy, in the order of `strategies`. An
/// entry is the largest batch that fits, 0 when not even batch 1 does, or
/// nil when the strategy has no result (not in this build, or it failed).
///
///     var table = MaxBatchTable(memory: 16 << 30, conditions: "FLOP costs",
///                               strategies: ["checkpoint-all", "chen-greedy"])
///     table.append(model: "vgg19", batches: [238, 308])
///     let svg = table.chart().svg()
public struct MaxBatchTable: Hashable, Sendable {
    /// The device memory in bytes, constant memory included.
    public var memory: Int
    /// How the graphs were built and what the search allowed, for the title
    /// (for example "FLOP costs, sgd optimizer"); nil to say nothing.
    public var conditions: String?
    /// The strategies, in column (and legend) order.
    public var strategies: [String]
    /// The models, in row order.
    public private(set) var models: [String] = []
    /// `batches[model][strategy]`.
    public private(set) var batches: [[Int?]] = []

    public init(memory: Int, conditions: String? = nil, strategies: [String]) {
        self.memory = memory
        self.conditions = conditions
        self.strategies = strategies
    }

    /// Adds a model's row: one entry per strategy.
    public mutating func append(model: String, batches row: [Int?]) {
        precondition(row.count == strategies.count, "a max-batch row needs one entry per strategy")
        models.append(model)
        batches.append(row)
    }

    /// "Largest batch in 16.0 GiB", then the conditions.
    public var title: String {
        "Largest batch in \(ByteCount(memory))" + (conditions.map { ", \($0)" } ?? "")
    }
}
