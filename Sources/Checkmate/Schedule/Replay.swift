/// What replaying a schedule gives: the judge of every strategy's output.
public struct Replay: Hashable, Sendable {
    /// The largest memory seen while any node was computed, `M0` and workspace included.
    public var peakMemory: Int
    /// The sum of `c_v` over all compute steps.
    public var cost: Double
    /// Memory after each step; for a compute step, memory while it ran.
    public var memoryTimeline: [Int]

    /// `cost` over `sum(c_v)`: 1.0 means no recomputation.
    public func overhead(in graph: TrainingGraph) -> Double {
        let base = graph.totalCost
        return base > 0 ? cost / base : 1
    }
}

/// The first rule of the replay (docs/schedules.md) that a schedule breaks, by step and node index.
public enum ReplayError: Error, Hashable, Sendable {
    case unknownNode(step: Int, node: Int)
    case inputNotLive(step: Int, node: Int, input: Int)
    case alreadyLive(step: Int, node: Int)
    case freeNotLive(step: Int, node: Int)
    case neverComputed(node: Int)
}

extension ReplayError: CustomStringConvertible {
    /// The error with nodes by index.
    public var description: String {
        description(naming: { "\($0)" })
    }

    /// The error with nodes named by their graph-file id and name, as a user reads them.
    public func description(in graph: TrainingGraph) -> String {
        description(naming: { i in
            guard i >= 0, i < graph.count else { return "index \(i)" }
            return "\(graph.nodes[i].id) ('\(graph.nodes[i].name)')"
        })
    }

    private func description(naming node: (Int) -> String) -> String {
        switch self {
        case .unknownNode(let step, let i):
            "step \(step): node index \(i) is not in the graph"
        case .inputNotLive(let step, let v, let input):
            "step \(step): compute node \(node(v)) needs input \(node(input)), which is not in memory"
        case .alreadyLive(let step, let v):
            "step \(step): compute node \(node(v)), whose output is already in memory"
        case .freeNotLive(let step, let v):
            "step \(step): free node \(node(v)), which is not in memory"
        case .neverComputed(let v):
            "node \(node(v)) is never computed"
        }
    }
}

extension TrainingGraph {
    /// Replays `schedule` from an empty memory and measures it.
    ///
    /// - Throws: ``ReplayError`` at the first step that breaks a rule, or for
    ///   the first node never computed.
    /// - Complexity: O(*s* + *e*) for *s* steps and *e* inputs read by the compute steps.
    public func replay(_ schedule: Schedule) throws(ReplayError) -> Replay {
        var live = Array(repeating: false, count: count)
        var computed = Array(repeating: false, count: count)
        var memory = constantMemory
        var peak = constantMemory
        var cost = 0.0
        var timeline: [Int] = []
        timeline.reserveCapacity(schedule.steps.count)
        for (index, step) in schedule.steps.enumerated() {
            let v = step.node
            guard v >= 0, v < count else { throw .unknownNode(step: index, node: v) }
            switch step {
            case .compute:
                guard !live[v] else { throw .alreadyLive(step: index, node: v) }
                for input in nodes[v].inputs where !live[input] {
                    throw .inputNotLive(step: index, node: v, input: input)
                }
                let running = memory + nodes[v].workspace + nodes[v].memory
                peak = max(peak, running)
                timeline.append(running)
                memory += nodes[v].memory
                cost += nodes[v].cost
                live[v] = true
                computed[v] = true
            case .free:
                guard live[v] else { throw .freeNotLive(step: index, node: v) }
                live[v] = false
                memory -= nodes[v].memory
                timeline.append(memory)
            }
        }
        if let missing = computed.firstIndex(of: false) { throw .neverComputed(node: missing) }
        return Replay(peakMemory: peak, cost: cost, memoryTimeline: timeline)
    }
}
