/// Which schedules a lower bound holds for.
public enum BoundScope: Hashable, Sendable {
    /// Every schedule of the graph within the budget.
    case allSchedules
    /// The schedules that first compute the nodes in the graph's own order;
    /// the stage form of Checkmate's formulation in that order is among them.
    case firstComputedInOrder
}

extension TrainingGraph {
    /// `sum(c_v)`: the cost of computing every node once, the least any schedule costs.
    public var totalCost: Double {
        nodes.reduce(0) { $0 + $1.cost }
    }

    /// The memory that node `i` needs while it runs: `M0 + w_i + m_i + sum(m_u for u in inputs(i))`.
    public func memoryToCompute(_ i: Int) -> Int {
        let node = nodes[i]
        return node.inputs.reduce(constantMemory + node.workspace + node.memory) { $0 + nodes[$1].memory }
    }

    /// The largest ``memoryToCompute(_:)``: no schedule peaks below it.
    public var memoryLowerBound: Int {
        nodes.indices.map(memoryToCompute).max() ?? constantMemory
    }

    /// Bytes of all node outputs together.
    public var activationMemory: Int {
        nodes.reduce(0) { $0 + $1.memory }
    }

    /// A lower bound on the cost of every schedule within `budget`:
    /// ``totalCost`` plus ``recomputationLowerBound(budget:scope:)`` over
    /// all schedules; nil when the budget is below ``memoryLowerBound``.
    ///
    /// - Complexity: O(*k* (*n* + *e*)) for *n* nodes, *e* edges and *k* =
    ///   min(*n*, 2048, 2^24 / (*n* + *e*)) nodes probed.
    public func costLowerBound(budget: Int) -> Double? {
        recomputationLowerBound(budget: budget, scope: .allSchedules).map { totalCost + $0 }
    }

    /// A lower bound on the cost of every schedule within `budget` that first
    /// computes the nodes in `order` (the stage form in that order among
    /// them): ``totalCost`` plus the knapsack bound in that order; nil when
    /// the budget is below ``memoryLowerBound``.
    ///
    /// - Parameters:
    ///   - budget: the budget in bytes, `M0` included.
    ///   - order: a topological order of the node indices.
    /// - Complexity: O(*n*²).
    public func costLowerBound(budget: Int, firstComputedIn order: [Int]) -> Double? {
        reordered(order)?.recomputationLowerBound(budget: budget, scope: .firstComputedInOrder).map { totalCost + $0 }
    }

    /// A lower bound on the recomputation, the cost beyond ``totalCost``, of
    /// every schedule within `budget` in `scope`; nil when none fits.
    ///
    /// When node `x` is first computed, every node `v` that must already
    /// have been computed and must be read again later is either held, in
    /// the memory left beside `M0`, `x`, its workspace and its inputs, or
    /// computed again. Over all schedules, such a `v` is an ancestor of `x`
    /// with a user that descends from `x`; when first computations follow
    /// the graph's order, it is any earlier node with a later user. The
    /// cheapest choice of what to compute again is a knapsack; the bound is
    /// its fractional relaxation at the node where that is largest. It needs
    /// no solver, so it serves graphs whose LP is too large to solve.
    ///
    ///     let bound = graph.totalCost + (graph.recomputationLowerBound(budget: budget, scope: .allSchedules) ?? .infinity)
    ///
    /// - Complexity: O(*n*²) for ``BoundScope/firstComputedInOrder``; for
    ///   ``BoundScope/allSchedules``, O(*k* (*n* + *e*)) with *k* = min(*n*, 2048,
    ///   2^24 / (*n* + *e*)) probed nodes (the loss and evenly spaced others on larger graphs).
    public func recomputationLowerBound(budget: Int, scope: BoundScope) -> Double? {
        knapsackBound(budget: budget, scope: scope)?.recomputation
    }

    /// The node whose knapsack gives ``recomputationLowerBound(budget:scope:)``
    /// (the node first computed where the most must be recomputed); nil when
    /// no schedule fits or that bound is zero.
    ///
    /// - Complexity: that of ``recomputationLowerBound(budget:scope:)``.
    public func recomputationBoundNode(budget: Int, scope: BoundScope) -> Int? {
        knapsackBound(budget: budget, scope: scope).flatMap { $0.recomputation > 0 ? $0.node : nil }
    }

    /// The arguments of a knapsack bound, which determine it.
    private struct KnapsackArguments: Equatable, Sendable {
        let graph: TrainingGraph
        let budget: Int
        let scope: BoundScope
    }

    /// The last knapsack bounds: a solve asks for the same one from each
    /// strategy and solution (ten times per `milp` on ResNet50, about 0.3 s
    /// each at 5,000 nodes).
    private static let recentKnapsacks = RecentOutcomes<KnapsackArguments, KnapsackBound?>(capacity: 8)

    private typealias KnapsackBound = (recomputation: Double, node: Int?)

    private func knapsackBound(budget: Int, scope: BoundScope) -> KnapsackBound? {
        Self.recentKnapsacks.value(for: KnapsackArguments(graph: self, budget: budget, scope: scope)) {
            (computeKnapsackBound(budget: budget, scope: scope), keep: true)
        }
    }

    private func computeKnapsackBound(budget: Int, scope: BoundScope) -> KnapsackBound? {
        guard nodes.indices.allSatisfy({ memoryToCompute($0) <= budget }) else { return nil }
        let lastUse = users.map { $0.max() ?? -1 }
        // Held first: the most cost per byte.
        let byValue = nodes.indices.filter { nodes[$0].memory > 0 && lastUse[$0] >= 0 }.sorted {
            nodes[$0].cost * Double(nodes[$1].memory) > nodes[$1].cost * Double(nodes[$0].memory)
        }
        func knapsack(at x: Int, holdsOrRecomputes: (Int) -> Bool) -> Double {
            let inputs = Set(nodes[x].inputs)
            var room = budget - memoryToCompute(x)
            var recomputed = 0.0
            for v in byValue where !inputs.contains(v) && holdsOrRecomputes(v) {
                let memory = nodes[v].memory
                let held = min(room, memory)
                room -= held
                recomputed += nodes[v].cost * Double(memory - held) / Double(memory)
            }
            return recomputed
        }
        let bounds = switch scope {
        case .firstComputedInOrder:
            nodes.indices.map { x in (knapsack(at: x) { $0 < x && lastUse[$0] > x }, x) }
        case .allSchedules:
            probes.map { x in
                let before = reached(from: x, through: { nodes[$0].inputs })
                let after = reached(from: x, through: { users[$0] })
                return (knapsack(at: x) { v in before[v] && users[v].contains { after[$0] } }, x)
            }
        }
        return bounds.max { $0.0 < $1.0 }.map { ($0.0, $0.1) } ?? (0, nil)
    }

    /// The nodes where the bound over all schedules is taken: every node, or
    /// on large graphs the loss and evenly spaced others, as many as keep the
    /// work near 2^24 steps (any subset still gives a bound).
    private var probes: [Int] {
        let edges = nodes.reduce(0) { $0 + $1.inputs.count }
        let limit = max(1, min(2048, (1 << 24) / (count + edges)))
        guard count > limit else { return Array(nodes.indices) }
        let spaced = (0..<limit).map { $0 * count / limit }
        return Array(Set(spaced + nodes.indices.filter { nodes[$0].kind == .loss })).sorted()
    }

    /// The nodes reached from `start` by following `next`, without `start` itself.
    func reached(from start: Int, through next: (Int) -> [Int]) -> [Bool] {
        var seen = Array(repeating: false, count: count)
        var stack = next(start)
        while let v = stack.popLast() {
            guard !seen[v] else { continue }
            seen[v] = true
            stack += next(v)
        }
        return seen
    }
}
