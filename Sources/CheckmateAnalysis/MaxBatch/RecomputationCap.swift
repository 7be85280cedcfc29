import Checkmate

/// The most recomputation a schedule may do and still count in a maximum-batch search.
public enum RecomputationCap: Hashable, Sendable {
    /// At most `count` extra forward passes: cost up to `sum(c_v) + count x` the forward nodes' cost.
    /// The paper's maximum batch sizes allow one.
    case extraForwardPasses(Double)
    /// At most this overhead: cost up to `ratio x sum(c_v)`.
    case overhead(Double)

    /// The largest overhead (cost over `sum(c_v)`) allowed on `graph`.
    public func maximumOverhead(in graph: TrainingGraph) -> Double {
        switch self {
        case .extraForwardPasses(let count):
            let total = graph.totalCost
            guard total > 0 else { return 1 }
            let forward = graph.forwardNodes.reduce(0.0) { $0 + graph.nodes[$1].cost }
            return 1 + count * forward / total
        case .overhead(let ratio):
            return ratio
        }
    }
}
