/// The search behind ``PeakProof``: depth-first over sets of outputs that
/// must be live together, from a node's inputs back towards the empty set,
/// in rounds of growing depth. A set that holds a closed set is closed (it
/// is live only when the closed set is), and a reachable set's chain, read
/// forwards, computes its members within the budget.
struct LiveSetSearch {
    /// What the search settled about a set.
    enum Outcome {
        /// Every way to make the set live peaks above the budget.
        case closed
        /// A chain of sets leads back to the empty set within the budget.
        case reachable
        /// Not settled within the depth or the effort.
        case open
    }

    /// What a search is run on, which determines its outcome.
    struct Arguments: Equatable, Sendable {
        let graph: TrainingGraph
        let budget: Int
        let effort: Int
    }

    let graph: TrainingGraph
    /// Bytes the outputs may take beside `M0`.
    let room: Int
    let effort: Int
    /// When the search stops, as if out of effort; nil: no such time.
    let deadline: ContinuousClock.Instant?
    private(set) var visits = 0
    /// Whether the deadline stopped the search.
    private(set) var isPastDeadline = false
    /// What the search settled about each set it visited, for an open set
    /// the depth to which it was explored, and for a reachable one the
    /// member computed last on its chain back to the empty set.
    private var marks: [[UInt64]: (outcome: Outcome, depth: Int, last: Int)] = [:]
    /// Closed sets by their latest member, at most ``keptPerMember`` each,
    /// those of fewest members: a set that holds a closed set is closed too.
    private var closedByLatest: [[(set: [UInt64], signature: UInt64, count: Int)]]
    private static let keptPerMember = 16

    init(graph: TrainingGraph, budget: Int, effort: Int, deadline: ContinuousClock.Instant? = nil) {
        self.graph = graph
        self.room = budget - graph.constantMemory
        self.effort = effort
        self.deadline = deadline
        closedByLatest = Array(repeating: [], count: graph.count)
    }

    /// A node whose inputs form a closed set, if the effort finds one.
    /// Nodes are tried from the one that needs the most memory to run.
    mutating func closedNode() -> Int? {
        var roots = graph.nodes.indices.sorted { graph.memoryToCompute($0) > graph.memoryToCompute($1) }
        var depth = Self.firstDepth
        while !roots.isEmpty, hasEffortLeft {
            var open: [Int] = []
            for v in roots {
                let (set, bytes) = inputs(of: v)
                switch explore(set, bytes: bytes, depth: depth) {
                case .closed: return v
                case .open: open.append(v)
                case .reachable: break
                }
            }
            roots = open
            depth *= 2
        }
        return nil
    }

    /// Compute steps that end with `v` and peak within the budget, if the
    /// effort finds them: a chain of sets back from `v`'s inputs to the
    /// empty set, read forwards.
    mutating func steps(to v: Int) -> [Int]? {
        var (set, bytes) = inputs(of: v)
        var depth = Self.firstDepth
        while true {
            let outcome = explore(set, bytes: bytes, depth: depth)
            if outcome == .reachable { break }
            guard outcome == .open, hasEffortLeft else { return nil }
            depth *= 2
        }
        var steps = [v]
        while set.contains(where: { $0 != 0 }), let u = marks[set]?.last {
            steps.append(u)
            set[u >> 6] &= ~(1 << UInt64(u & 63))
            for input in graph.nodes[u].inputs { set[input >> 6] |= 1 << UInt64(input & 63) }
        }
        return steps.reversed()
    }

    private static let firstDepth = 8

    private var hasEffortLeft: Bool { visits < effort && !isPastDeadline }

    /// The inputs of `v` as a set, and their bytes.
    private func inputs(of v: Int) -> (set: [UInt64], bytes: Int) {
        var set = [UInt64](repeating: 0, count: (graph.count + 63) / 64)
        for u in graph.nodes[v].inputs { set[u >> 6] |= 1 << UInt64(u & 63) }
        return (set, graph.nodes[v].inputs.reduce(0) { $0 + graph.nodes[$1].memory })
    }

    /// A set being explored: the members still to try as the one computed last.
    private struct Frame {
        let set: [UInt64]
        let bytes: Int
        let depth: Int
        var members: [Int]
        /// The member being tried as the one computed last.
        var last = -1
        let count: Int
        let latest: Int

        init(set: [UInt64], bytes: Int, depth: Int, members: [Int]) {
            (self.set, self.bytes, self.depth, self.members) = (set, bytes, depth, members)
            (count, latest) = (members.count, members.last!)
        }
    }

    /// Settles `set`, whose outputs take `bytes`, within `depth` steps back:
    /// depth first, on a stack of its own (chains run to thousands of sets).
    private mutating func explore(_ set: [UInt64], bytes: Int, depth: Int) -> Outcome {
        var stack: [Frame] = []
        var settled = enter(set, bytes: bytes, depth: depth, on: &stack)
        while !stack.isEmpty {
            if let outcome = settled {
                // Closed: try the next member. Reachable or open: so is the set.
                if outcome != .closed { settled = finish(&stack, as: outcome); continue }
            }
            guard let u = stack[stack.count - 1].members.popLast() else {
                settled = finish(&stack, as: .closed)
                continue
            }
            stack[stack.count - 1].last = u
            let frame = stack[stack.count - 1]
            var earlier = frame.set
            earlier[u >> 6] &= ~(1 << UInt64(u & 63))
            var added = 0
            for input in graph.nodes[u].inputs where frame.set[input >> 6] & (1 << UInt64(input & 63)) == 0 {
                added += graph.nodes[input].memory
                earlier[input >> 6] |= 1 << UInt64(input & 63)
            }
            // The step that computes u holds the set, u's inputs and its workspace.
            guard frame.bytes + added + graph.nodes[u].workspace <= room else { settled = .closed; continue }
            settled = enter(earlier, bytes: frame.bytes - graph.nodes[u].memory + added, depth: frame.depth - 1, on: &stack)
        }
        return settled!
    }

    /// What is already known of `set`, or nil after pushing it to be explored.
    private mutating func enter(_ set: [UInt64], bytes: Int, depth: Int, on stack: inout [Frame]) -> Outcome? {
        guard bytes <= room else { return .closed }
        guard set.firstIndex(where: { $0 != 0 }) != nil else { return .reachable }
        if let mark = marks[set], mark.outcome != .open || mark.depth >= depth { return mark.outcome }
        let members = members(of: set)
        if holdsClosedSet(set, members: members) { return .closed }
        guard depth > 0, hasEffortLeft else { return .open }
        visits += 1
        if visits % 1024 == 0, let deadline, ContinuousClock.now >= deadline { isPastDeadline = true }
        // Members are popped from the end: latest in the graph's order first, the step a schedule most often undoes.
        stack.append(Frame(set: set, bytes: bytes, depth: depth, members: members))
        return nil
    }

    /// Whether `set` holds a closed set of ``closedByLatest``.
    private func holdsClosedSet(_ set: [UInt64], members: [Int]) -> Bool {
        let signature = Self.signature(of: set)
        return members.contains { m in
            closedByLatest[m].contains { closed in
                closed.signature & ~signature == 0 && closed.set.indices.allSatisfy { closed.set[$0] & ~set[$0] == 0 }
            }
        }
    }

    /// The words of `set` folded into one: a subset's signature has no bit that its superset's lacks.
    private static func signature(of set: [UInt64]) -> UInt64 {
        set.indices.reduce(0) { signature, word in
            let turn = UInt64(word &* 7 & 63)
            return signature | set[word] << turn | set[word] >> ((64 - turn) & 63)
        }
    }

    /// Keeps a closed set in ``closedByLatest``, in place of one with more members when its list is full.
    private mutating func keepClosed(_ set: [UInt64], members: Int, latest: Int) {
        if closedByLatest[latest].count < Self.keptPerMember {
            closedByLatest[latest].append((set, Self.signature(of: set), members))
        } else if let largest = closedByLatest[latest].indices.max(by: { closedByLatest[latest][$0].count < closedByLatest[latest][$1].count }),
                  closedByLatest[latest][largest].count > members {
            closedByLatest[latest][largest] = (set, Self.signature(of: set), members)
        }
    }

    /// Marks the top set with `outcome` and pops it; its outcome is its parent's next result.
    private mutating func finish(_ stack: inout [Frame], as outcome: Outcome) -> Outcome {
        let frame = stack.removeLast()
        marks[frame.set] = (outcome, frame.depth, frame.last)
        if outcome == .closed { keepClosed(frame.set, members: frame.count, latest: frame.latest) }
        return outcome
    }

    private func members(of set: [UInt64]) -> [Int] {
        var members: [Int] = []
        for word in set.indices {
            var bits = set[word]
            while bits != 0 {
                members.append(word << 6 | bits.trailingZeroBitCount)
                bits &= bits - 1
            }
        }
        return members
    }
}
