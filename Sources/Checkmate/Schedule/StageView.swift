
/// Any valid schedule seen as the Checkmate formulation's stages: the `R`
/// and `S` matrices of Jain et al. (MLSys 2020), for drawing and for
/// comparing strategies whose schedules were not built from a ``StagePlan``.
///
/// Each first computation of a node closes a stage, together with the frees
/// that follow it; stage `t` is the one that first computes `frontier[t]`.
/// `recomputation[t, i]` (R) holds when stage `t` computes node `i`, and
/// `retention[t, i]` (S) when `i` is in memory as stage `t` begins its first
/// compute, that is, kept across from the stage before. Computations after
/// the last new node belong to the last stage.
///
/// Invariant: `frontier` lists every node once; `recomputation[t, frontier[t]]`
/// holds for every stage. For a schedule in frontier order (``StagePlan``'s
/// `schedule(for:)`), `frontier[t] == t`, `recomputation` is the plan's `R` and
/// `retention` its `S` less the outputs freed before the stage computes anything.
///
///     let view = try StageView(graph: graph, schedule: solution.schedule)
///     view.recomputation[3, 1]   // does stage 3 recompute node 1?
public struct StageView: Hashable, Sendable {
    /// `frontier[t]`: the node stage `t` computes for the first time.
    public let frontier: [Int]
    /// `R`: which nodes each stage computes.
    public let recomputation: StageMatrix
    /// `S`: which outputs each stage starts with in memory.
    public let retention: StageMatrix

    /// The stages of `schedule`, which must replay on `graph`.
    ///
    /// - Throws: the ``ReplayError`` of the first step that breaks a rule.
    public init(graph: TrainingGraph, schedule: Schedule) throws(ReplayError) {
        _ = try graph.replay(schedule)
        let n = graph.count
        var recompute = StageMatrix(count: n)
        var retain = StageMatrix(count: n)
        var frontier: [Int] = []
        frontier.reserveCapacity(n)
        var live = Set<Int>()
        var computed = Array(repeating: false, count: n)
        var stage = 0
        var stageStarted = false
        for step in schedule.steps {
            switch step {
            case .compute(let node):
                if !stageStarted {
                    for i in live { retain[stage, i] = true }
                    stageStarted = true
                }
                recompute[stage, node] = true
                live.insert(node)
                if !computed[node] {
                    computed[node] = true
                    frontier.append(node)
                    if stage + 1 < n {
                        stage += 1
                        stageStarted = false
                    }
                }
            case .free(let node):
                live.remove(node)
            }
        }
        self.frontier = frontier
        self.recomputation = recompute
        self.retention = retain
    }

    /// The number of stages, one per node.
    public var count: Int { frontier.count }
}
