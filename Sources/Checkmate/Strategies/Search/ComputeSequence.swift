/// A schedule given by its compute steps alone: every output is freed right
/// after its last read before its node is computed again, or right after it
/// is computed when nothing reads it. Any schedule's compute steps give one
/// that costs the same and peaks no higher.
///
/// A sequence is valid when every node occurs at least once and every input
/// of an occurrence occurs before it; the occurrence reads the latest copy
/// of each input, which is still live because nothing frees a copy before
/// its last read. A copy computed at position `s` and last read at `e` holds
/// its memory over the compute steps `s...e`.
///
/// This is the representation of ``ScheduleAnnealing``: the order of first
/// computations is part of it, so it is not confined to the stage form.
///
///     let sequence = ComputeSequence(schedule: CheckpointAll().schedule(for: graph))
///     let schedule = sequence.schedule(for: graph)   // the same compute steps, frees as early as possible
public struct ComputeSequence: Hashable, Sendable {
    /// The node of each compute step, in order.
    public var nodes: [Int]

    public init(nodes: [Int]) {
        self.nodes = nodes
    }

    /// The compute steps of `schedule`.
    public init(schedule: Schedule) {
        nodes = schedule.steps.compactMap { step in
            if case .compute(let v) = step { v } else { nil }
        }
    }

    /// The schedule: each compute step, then a free for every copy read for
    /// the last time there (and for the new copy when nothing reads it).
    ///
    /// - Precondition: the sequence is valid for `graph`.
    public func schedule(for graph: TrainingGraph) -> Schedule {
        let last = lastReads(in: graph)
        var steps: [Schedule.Step] = []
        steps.reserveCapacity(2 * nodes.count)
        // At each position, the copies whose last read it is.
        var freedAt = Array(repeating: [Int](), count: nodes.count)
        for (s, e) in last.enumerated() where e > s { freedAt[e].append(nodes[s]) }
        for (p, v) in nodes.enumerated() {
            steps.append(.compute(v))
            for u in freedAt[p] { steps.append(.free(u)) }
            if last[p] == p { steps.append(.free(v)) }
        }
        return Schedule(steps: steps)
    }

    /// For each position, the position of the last step that reads its copy
    /// (itself when none does).
    func lastReads(in graph: TrainingGraph) -> [Int] {
        var latest = Array(repeating: -1, count: graph.count)
        var last = Array(nodes.indices)
        for (p, v) in nodes.enumerated() {
            for u in graph.nodes[v].inputs {
                precondition(latest[u] >= 0, "input \(u) of node \(v) is not computed before step \(p)")
                last[latest[u]] = p
            }
            latest[v] = p
        }
        return last
    }
}
