/// A proof that every schedule of a graph peaks above a budget, found by a
/// search backwards over the sets of outputs that must be live together.
///
/// The contract's memory lower bound looks at one step: when a schedule
/// computes `v`, its inputs are live and its output is allocated. This
/// proof follows that step back in time. Whenever a set `S` of outputs is
/// live together, take the member `u` whose latest computation came last:
/// the rest of `S` was live while `u` ran, so that step held
/// `M0 + w_u + m(S ∪ inputs(u))`, and just before it the set
/// `S - u + inputs(u)` was live together. Only the empty set is live at the
/// start. A set is *closed* when its outputs alone exceed the budget, or
/// when every choice of `u` either peaks above the budget at that step or
/// leads to a closed set. When the inputs of a node form a closed set, no
/// schedule computes that node within the budget, so none fits. (Searched
/// without limit this decides the least peak of any schedule: a chain of
/// sets back to the empty set, read forwards, computes a node from nothing
/// and frees all else, and such chains for the sinks, one after another,
/// make a schedule.)
///
/// A set that holds a closed set is closed too, since it is live only when
/// the closed set is. The search deepens in rounds and stops after a number
/// of visited sets, so failing to find a proof proves nothing.
///
/// Invariant: every schedule of `graph` that computes ``node`` peaks above
/// ``budget``, so every schedule of `graph` does.
///
///     if let proof = PeakProof(graph, budget: 38_000) {
///         print("no schedule fits: node \(proof.node) cannot run within \(proof.budget) bytes")
///     }
public struct PeakProof: Hashable, Sendable {
    /// The budget that every schedule peaks above.
    public let budget: Int
    /// A node that no schedule computes within the budget.
    public let node: Int
    /// Sets of live outputs the search visited.
    public let visits: Int

    /// Visits a search may make by default: at most a second or two on a
    /// few hundred to a thousand nodes, when it ends without a proof.
    public static let defaultEffort = 1 << 18

    /// Searches for a proof that every schedule of `graph` peaks above
    /// `budget`; nil when none is found within `effort` visited sets (or
    /// when the graph's own order already fits, without recomputation).
    ///
    /// - Complexity: O(*effort* · *k* · *d*) for sets of at most *k* members
    ///   and nodes of at most *d* inputs, plus O(*n* + *e*).
    public init?(_ graph: TrainingGraph, budget: Int, effort: Int = PeakProof.defaultEffort) {
        let needs = graph.nodes.indices.map(graph.memoryToCompute)
        if let node = needs.indices.max(by: { needs[$0] < needs[$1] }), needs[node] > budget {
            self.init(budget: budget, node: node, visits: 0)
            return
        }
        guard graph.checkpointAllPeak() > budget else { return nil }
        let key = LiveSetSearch.Arguments(graph: graph, budget: budget, effort: effort)
        let proof = Self.recent.value(for: key) {
            var search = LiveSetSearch(graph: graph, budget: budget, effort: effort)
            return (search.closedNode().map { PeakProof(budget: budget, node: $0, visits: search.visits) }, keep: true)
        }
        guard let proof else { return nil }
        self = proof
    }

    /// The outcomes of the last searches: a solve tries several strategies at one budget, each of which checks it.
    private static let recent = RecentOutcomes<LiveSetSearch.Arguments, PeakProof?>(capacity: 8)

    /// Why no schedule fits, for an error message: the node and how it was proven.
    public func reason(in graph: TrainingGraph) -> String {
        let name = "node \(graph.nodes[node].id) ('\(graph.nodes[node].name)')"
        let needs = graph.memoryToCompute(node)
        guard needs <= budget else {
            return "\(name) needs \(ByteCount(needs)) to run (the memory lower bound): its output, its inputs, "
                + "its workspace and the constant memory"
        }
        return "no schedule holds the inputs of \(name) live together within it: a search back from them over the sets "
            + "of outputs that must be live together (\(visits) sets) proves that every way to compute them peaks above it"
    }

    private init(budget: Int, node: Int, visits: Int) {
        self.budget = budget
        self.node = node
        self.visits = visits
    }
}

extension TrainingGraph {
    /// Compute steps that peak within `budget`, found by the search behind
    /// ``PeakProof``: for each sink in turn, a chain of live sets back from
    /// its inputs to the empty set, read forwards, so that each sink is
    /// computed from nothing (recomputing what earlier sinks also needed).
    /// Nil when the search settles no chain for some sink within `effort`
    /// visited sets, or by `deadline`.
    ///
    /// The steps are a ``ComputeSequence``'s: each output is freed after its
    /// last read, which leaves exactly each chain's live sets.
    ///
    /// - Complexity: O(*effort* · *k* · *d*), as ``PeakProof``'s search, plus
    ///   the steps, up to O(*n*²) for *n* nodes.
    public func stepsWithin(
        budget: Int, effort: Int = PeakProof.defaultEffort, deadline: ContinuousClock.Instant? = nil
    ) -> [Int]? {
        guard nodes.indices.allSatisfy({ memoryToCompute($0) <= budget }) else { return nil }
        // A solve's searches (the MILP's warm start and its last search) ask at the same budget.
        return Self.recentSteps.value(for: LiveSetSearch.Arguments(graph: self, budget: budget, effort: effort)) {
            var search = LiveSetSearch(graph: self, budget: budget, effort: effort, deadline: deadline)
            var steps: [Int] = []
            for sink in nodes.indices where users[sink].isEmpty {
                guard let chain = search.steps(to: sink) else { return (nil, keep: !search.isPastDeadline) }
                steps += chain
            }
            return (steps, keep: true)
        }
    }

    private static let recentSteps = RecentOutcomes<LiveSetSearch.Arguments, [Int]?>(capacity: 8)

    /// A lower bound on the peak of every schedule, at least
    /// ``memoryLowerBound``: one more than a budget for which a ``PeakProof``
    /// is found, by bisection up to the checkpoint-all peak to within a
    /// ten-thousandth (exact on graphs whose search finishes).
    ///
    /// - Complexity: about 14 to 40 searches of at most `effort` visits each.
    public func peakLowerBound(effort: Int = PeakProof.defaultEffort) -> Int {
        var (low, high) = (memoryLowerBound, checkpointAllPeak())
        // Invariant: every schedule peaks at `low` or more; no proof was found at `high`.
        while high - low > low / 10_000, low < high {
            let middle = low + (high - low) / 2
            if PeakProof(self, budget: middle, effort: effort) != nil { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
