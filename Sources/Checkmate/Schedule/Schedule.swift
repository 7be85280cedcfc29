/// A rematerialization schedule: the order in which one training step
/// computes and frees node outputs.
///
/// Replayed from an empty memory by ``TrainingGraph/replay(_:)`` under the
/// rules of docs/schedules.md; a schedule is valid exactly when the
/// replay accepts it. Nodes are named by their index in the graph.
///
///     let schedule = Schedule(steps: [.compute(0), .compute(1), .free(0)])
///     let replay = try graph.replay(schedule)
///     replay.peakMemory
public struct Schedule: Hashable, Sendable {
    /// One operation of a schedule.
    public enum Step: Hashable, Sendable {
        /// Compute node `i` (its inputs live, its output not); then its output is live.
        case compute(Int)
        /// Free node `i`'s live output.
        case free(Int)

        /// The node the step acts on.
        public var node: Int {
            switch self {
            case .compute(let node), .free(let node): node
            }
        }
    }

    public var steps: [Step]

    public init(steps: [Step] = []) {
        self.steps = steps
    }

    /// How many times each node is computed, by node index.
    public func computeCounts(nodeCount: Int) -> [Int] {
        var counts = Array(repeating: 0, count: nodeCount)
        for case .compute(let node) in steps where node >= 0 && node < nodeCount { counts[node] += 1 }
        return counts
    }
}
