/// Griewank and Walther's revolve: binomial checkpointing ("Algorithm 799:
/// revolve", ACM TOMS 2000), optimal for reversing a chain of equal steps
/// with a fixed number of checkpoint slots.
///
/// The forward pass is cut into a chain of steps: one forward node each when
/// the forward graph is a path, else the runs between its articulation points
/// (as in the Checkmate paper). With `s` slots, reversing `l` steps from a
/// stored state advances `j` steps, stores that state in a slot, reverses the
/// last `l - j` steps with `s - 1` slots and then the first `j` with `s`,
/// where `j` minimises the total number of advances
/// (``advances(steps:slots:)``). The first sweep is the forward pass itself;
/// every later advance recomputes its steps in the first backward stage that
/// reads what it produces. Invariant: a step's last node, the state the next
/// step starts from, is never recomputed while it is stored.
///
/// ``solve(_:budget:options:)`` searches the slot count (peaks grow with it,
/// costs fall) and returns the cheapest schedule that fits.
///
///     let plan = Griewank().plan(for: .chain(length: 8), slots: 2)
public struct Griewank: Strategy {
    public var name: String { "griewank" }
    public var summary: String {
        "Griewank & Walther revolve: binomial checkpointing on the chain (articulation points), slot count searched"
    }

    public init() {}

    /// The forward nodes of each step of the chain, in order; the last node of
    /// step `p` is the state that step `p + 1` starts from.
    public func steps(in graph: TrainingGraph) -> [[Int]] {
        let forward = graph.forwardNodes
        let isPath = forward.indices.allSatisfy { j in
            graph.nodes[forward[j]].inputs.filter { graph.nodes[$0].kind == .forward } == (j > 0 ? [forward[j - 1]] : [])
        }
        return graph.forwardRuns(cutAfter: Set(isPath ? forward : graph.articulationPoints))
    }

    /// The plan that reverses the chain of ``steps(in:)`` with `slots` checkpoint slots.
    public func plan(for graph: TrainingGraph, slots: Int) -> StagePlan {
        precondition(slots >= 0, "the number of slots cannot be negative")
        var reversal = Reversal(graph: graph, steps: steps(in: graph))
        reversal.reverse(0, reversal.steps.count, slots: slots, sweep: true)
        return StagePlan(graph: graph, recompute: reversal.recomputation)
    }

    /// The cheapest fit over the numbers of checkpoint slots, each plan
    /// replayed; `options.timeLimit` ends the search early.
    ///
    /// - Complexity: O(log *n*) plans, each O(*n* (*n* + *e*)), for *n* nodes and *e* edges.
    public func solve(_ graph: TrainingGraph, budget: Int, options: SolveOptions) throws(StrategyError) -> Solution {
        var search = try CheapestFit(graph: graph, budget: budget, strategy: name, timeLimit: options.timeLimit)
        let most = max(0, steps(in: graph).count - 1)
        func fits(_ slots: Int) throws(StrategyError) -> Bool {
            let replay = try search.consider(plan(for: graph, slots: slots))
            options.progress?("\(name): \(slots) slots, peak \(ByteCount(replay.peakMemory)), cost \(replay.cost.compactDescription)")
            return replay.peakMemory <= budget
        }
        // Binary search for the most slots that fit: fits(low) and not fits(high).
        if !search.isPastTimeLimit, try fits(0), most > 0, !(try fits(most)) {
            var (low, high) = (0, most)
            while high - low > 1, !search.isPastTimeLimit {
                let middle = (low + high) / 2
                if try fits(middle) { low = middle } else { high = middle }
            }
        }
        return try search.solution()
    }
}

/// The recursion of revolve, recorded as the computations each stage makes.
private struct Reversal {
    let graph: TrainingGraph
    let steps: [[Int]]
    let firstRead: [Int?]
    private(set) var recomputation: StageMatrix

    init(graph: TrainingGraph, steps: [[Int]]) {
        self.graph = graph
        self.steps = steps
        self.firstRead = graph.firstBackwardReads()
        self.recomputation = StageMatrix(count: graph.count)
    }

    /// Reverses steps `a..<b`: the state step `a` starts from is stored
    /// (or is the graph's input), and so is the last node of step `b - 1`.
    /// During the `sweep`, advances are the forward pass itself.
    mutating func reverse(_ a: Int, _ b: Int, slots: Int, sweep: Bool) {
        guard b > a else { return }
        if b - a == 1 {
            if !sweep { restore(a) }
        } else if slots == 0 {
            for p in stride(from: b - 1, through: a, by: -1) where !(sweep && p == b - 1) {
                advance(from: a, to: p, serving: p + 1)
                restore(p)
            }
        } else {
            let m = a + Griewank.firstAdvance(steps: b - a, slots: slots)
            if !sweep { advance(from: a, to: m, serving: b) }
            reverse(m, b, slots: slots - 1, sweep: sweep)
            reverse(a, m, slots: slots, sweep: false)
        }
    }

    /// Recomputes steps `a..<m`, storing the state step `m` starts from, in the
    /// first stage that reads that state or anything of steps `m..<b` but the last node.
    private mutating func advance(from a: Int, to m: Int, serving b: Int) {
        guard m > a else { return }
        let served = [steps[m - 1].last!] + steps[m..<b].joined().dropLast()
        guard let stage = served.compactMap({ firstRead[$0] }).min() else { return }
        for v in steps[a..<m].joined() { recomputation[stage, v] = true }
    }

    /// Recomputes step `p` but its last node in the first stage that reads any of it.
    private mutating func restore(_ p: Int) {
        let nodes = steps[p].dropLast()
        guard let stage = nodes.compactMap({ firstRead[$0] }).min() else { return }
        for v in nodes { recomputation[stage, v] = true }
    }
}
