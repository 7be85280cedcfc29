/// A schedule in the Checkmate formulation's terms: `n` stages over `n` nodes,
/// where stage `t` computes node `t` for the first time.
///
/// `recomputation[t, i]` is the paper's `R[t,i]` (node `i` is computed in stage
/// `t`) and `retention[t, i]` its `S[t,i]` (node `i`'s output is kept from stage
/// `t - 1` into stage `t`). ``schedule(for:)`` turns a plan into compute and
/// free steps, freeing each output as soon as nothing later needs it.
///
/// Invariant: `recomputation[t, t]` holds for every stage, and `retention[t, i]`
/// only for `i < t`. A plan made by ``init(graph:retain:)`` is also closed
/// under dependencies and retention, so its schedule replays without error.
public struct StagePlan: Hashable, Sendable {
    /// The number of stages and of nodes.
    public let count: Int
    /// `R`: which nodes each stage computes.
    public private(set) var recomputation: StageMatrix
    /// `S`: which outputs each stage starts with in memory.
    public private(set) var retention: StageMatrix

    /// The cheapest plan that keeps exactly `retain` (the paper's Algorithm 2, step 3).
    ///
    /// Starting from `R = I`, stage `t` computes every node that stage `t + 1`
    /// keeps but stage `t` did not, then, scanning its nodes from last to
    /// first, every input of a computed node that it does not keep.
    /// Entries of `retain` on or above the diagonal are ignored.
    public init(graph: TrainingGraph, retain: StageMatrix) {
        let n = graph.count
        precondition(retain.count == n, "the retain matrix must have one stage per node")
        var kept = retain
        for t in 0..<n { for i in t..<n { kept[t, i] = false } }
        var computed = StageMatrix(count: n)
        for t in 0..<n { Self.close(stage: t, of: graph, retain: kept, into: &computed) }
        self.count = n
        self.recomputation = computed
        self.retention = kept
    }

    /// Sets row `t` of `recompute` to the least set stage `t` must compute
    /// given `retain`: node `t`, what stage `t + 1` keeps but stage `t` does
    /// not, and, scanning from last to first, every input of a computed node
    /// that stage `t` does not keep.
    static func close(stage t: Int, of graph: TrainingGraph, retain: StageMatrix, into recompute: inout StageMatrix) {
        let n = graph.count
        for i in 0..<n { recompute[t, i] = false }
        recompute[t, t] = true
        if t + 1 < n {
            for i in 0...t where retain[t + 1, i] && !retain[t, i] { recompute[t, i] = true }
        }
        for k in stride(from: t, through: 0, by: -1) where recompute[t, k] {
            for i in graph.nodes[k].inputs where !retain[t, i] { recompute[t, i] = true }
        }
    }

    /// The plan's compute and free steps: stage by stage, nodes in index order,
    /// each output freed as soon as no later node of the stage reads it and
    /// the next stage does not keep it.
    ///
    /// - Complexity: O(*n* (*n* + *e*)) for *n* nodes and *e* edges.
    public func schedule(for graph: TrainingGraph) -> Schedule {
        var steps: [Schedule.Step] = []
        var live = Array(repeating: false, count: count)
        var lastUse = Array(repeating: -1, count: count)
        for t in 0..<count {
            for i in 0..<t where retention[t, i] { live[i] = true }
            for i in 0..<count { lastUse[i] = -1 }
            for k in 0...t where recomputation[t, k] {
                for i in graph.nodes[k].inputs { lastUse[i] = k }
            }
            let keptAfter: (Int) -> Bool = { i in t + 1 < count && retention[t + 1, i] }
            for i in 0..<t where live[i] && lastUse[i] < 0 && !keptAfter(i) {
                live[i] = false
                steps.append(.free(i))
            }
            for k in 0...t where recomputation[t, k] && !live[k] {
                steps.append(.compute(k))
                live[k] = true
                for i in graph.nodes[k].inputs + [k] where live[i] && lastUse[i] <= k && !keptAfter(i) {
                    live[i] = false
                    steps.append(.free(i))
                }
            }
        }
        return Schedule(steps: steps)
    }
}

/// A square matrix of booleans indexed by stage and node, stored flat.
public struct StageMatrix: Hashable, Sendable {
    public let count: Int
    private var bits: [Bool]

    /// An all-false `count` by `count` matrix.
    public init(count: Int) {
        self.count = count
        self.bits = Array(repeating: false, count: count * count)
    }

    public subscript(stage: Int, node: Int) -> Bool {
        get { bits[stage * count + node] }
        set { bits[stage * count + node] = newValue }
    }

    /// The number of true entries.
    public var trueCount: Int { bits.reduce(0) { $1 ? $0 + 1 : $0 } }
}
