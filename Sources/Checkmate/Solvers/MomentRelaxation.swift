/// A relaxation of every schedule within a budget, in no stage form and no
/// fixed order: memory is counted at the first computation of each node of
/// a path (the *moments*), and cost by the windows between them. Where
/// Checkmate's stage form (Jain et al., MLSys 2020) bounds the schedules of
/// one order, this program bounds them all, and, as a MILP, it counts each
/// output's computations once per window, so it sees the repeated
/// recomputation that the knapsack of
/// ``TrainingGraph/costLowerBound(budget:)`` counts once at most.
///
/// Take nodes `p_1, ..., p_L`, each an ancestor of the next (a path, or
/// every few nodes of one, ``thinned(_:stride:)``), so every schedule first
/// computes them in that order, at steps
/// `τ_1 < ... < τ_L`. Window `j` is the steps in `(τ_{j-1}, τ_j]`, and
/// window `L + 1` those after `τ_L`. Binary columns:
/// - `H[j,v]`: the output of `v` is live while `p_j` first computes
///   (`H[j,p_j] = 1`);
/// - `R[j,v]`: `v` is computed in window `j` (`R[j,p_j] = 1`).
///
/// Rows, for every schedule that fits:
/// - memory at each moment: `sum_v m_v H[j,v] + w_{p_j} <= B - M0`, and
///   `H[j,u] = 1` for each input `u` of `p_j`;
/// - retention: `H[j,v] <= H[j-1,v] + R[j,v]` (live at `τ_j`, so live at
///   `τ_{j-1}` or computed since);
/// - inputs: `R[j,v] <= H[j-1,u] + R[j,u]` for each input `u` of `v` (live
///   when `v` runs, so live at `τ_{j-1}` or computed since);
/// - every node computed: `sum_j R[j,v] >= 1`;
/// - memory inside each window, at each computation in it: the outputs live
///   at its end and not computed in it (so live all through it), beside the
///   computation's own output, inputs and workspace (through continuous
///   columns `K[j,v]` and `S_j`).
///
/// The objective `sum c_v R[j,v]` counts at least one computation of `v` in
/// each window where it has one. Columns that no schedule needs are left
/// out: nothing descending from `p_j` runs in window `j` or is live at `τ_j`,
/// and after `τ_j` nothing is computed or held that no node still to be
/// first computed needs (a schedule without those steps fits and costs no
/// more). Memory is in ``CheckmateFormulation``'s unit, sizes rounded down
/// and the budget up, which only relaxes it further.
///
/// Invariant: every schedule within ``budget`` gives a point of ``program``
/// whose cost is at most the schedule's, so the program's optimum, and any
/// dual bound a solver proves on it, bound the cost of every schedule.
///
///     let moments = MomentRelaxation(graph: graph, budget: budget)
///     let result = try solver.solve(moments.program, start: nil, parameters: SolverParameters(timeLimit: 10))
///     let bound = moments.costLowerBound(from: result)
public struct MomentRelaxation: Sendable {
    public let graph: TrainingGraph
    /// The budget in bytes, `M0` included.
    public let budget: Int
    /// The nodes whose first computations are the moments, each an ancestor of the next.
    public let path: [Int]
    /// The mixed-integer program; its objective is the cost over ``costScale``.
    public let program: LinearProgram
    /// The program's objective is cost over this power of two.
    public let costScale: Double
    /// The column of `R[j,v]` for each window `j` and node `v` (-1: none, the value 0).
    private let computeColumns: [[Int]]

    /// Builds the relaxation within `budget` bytes on a longest path of `graph`
    /// (in nodes), from the last forward node before its first backward one:
    /// the forward pass, which recomputes little, would only add moments.
    ///
    /// - Complexity: O(*L* (*n* + *e*)) for a path of *L* nodes, *n* nodes and *e* edges;
    ///   at most 2 (*L* + 1) *n* columns.
    public init(graph: TrainingGraph, budget: Int) {
        self.init(graph: graph, budget: budget, path: Self.defaultPath(in: graph, budget: budget))
    }

    /// Builds the relaxation with the moments at `path`, whose each node is an
    /// ancestor of the next; with the memory rows inside windows unless
    /// `countsWindows` is false. (On 389 tiny graphs and budgets, those rows
    /// raise the bound to the optimum over all schedules in 76 of the 107
    /// cases where it was below it.)
    public init(graph: TrainingGraph, budget: Int, path: [Int], countsWindows: Bool = true) {
        self.graph = graph
        self.budget = budget
        self.path = path
        let n = graph.count
        let unit = CheckmateFormulation.memoryUnit(of: graph)
        let room = Double(CheckmateFormulation.scaledBudget(budget, graph: graph, unit: unit))
        let scale = CheckmateFormulation.costScale(of: graph)
        costScale = scale
        let memory = graph.nodes.map { Double($0.memory / unit.bytes) }
        var lp = LinearProgram()
        // `hold[j]` and `compute[j]`: the columns of H[j,v] and R[j,v] (-1: none, the value 0).
        var hold: [[Int]] = []
        var compute: [[Int]] = []
        var needed = Array(repeating: true, count: n)
        for j in 0...path.count {
            // What may run in window j: not below p_j, and still needed after τ_{j-1}.
            let moment = j < path.count ? path[j] : nil
            let below = moment.map { graph.reached(from: $0) { graph.users[$0] } } ?? Array(repeating: false, count: n)
            compute.append((0..<n).map { v in
                guard needed[v], !below[v] else { return -1 }
                let fixed = v == moment
                return lp.addColumn(cost: graph.nodes[v].cost / scale, lower: fixed ? 1 : 0, upper: 1, isInteger: !fixed)
            })
            guard let moment else { break }
            // Ancestors of p_j are first computed by τ_j; a node is needed after τ_j while some node that is not,
            // or some needed node, reads it.
            var ancestors = graph.reached(from: moment) { graph.nodes[$0].inputs }
            precondition(j == 0 || ancestors[path[j - 1]], "each moment an ancestor of the next")
            ancestors[moment] = true
            for v in (0..<n).reversed() {
                needed[v] = !ancestors[v] || graph.users[v].contains { needed[$0] }
            }
            let inputs = Set(graph.nodes[moment].inputs)
            hold.append((0..<n).map { v in
                guard !below[v], v == moment || inputs.contains(v) || needed[v] else { return -1 }
                let fixed = v == moment || inputs.contains(v)
                return lp.addColumn(lower: fixed ? 1 : 0, upper: 1, isInteger: !fixed)
            })
            let held = (0..<n).filter { hold[j][$0] >= 0 && memory[$0] > 0 }
            lp.addRow(held.map { (hold[j][$0], memory[$0]) }, upper: room - Double(graph.nodes[moment].workspace / unit.bytes))
        }
        for j in compute.indices {
            let earlier = j > 0 ? hold[j - 1] : Array(repeating: -1, count: n)
            if j < hold.count {
                for v in 0..<n where hold[j][v] >= 0 && lp.lower[hold[j][v]] < 1 {
                    lp.addRow([(hold[j][v], 1), (earlier[v], -1), (compute[j][v], -1)].filter { $0.0 >= 0 }, upper: 0)
                }
            }
            for v in 0..<n where compute[j][v] >= 0 {
                for u in graph.nodes[v].inputs {
                    lp.addRow([(compute[j][v], 1), (earlier[u], -1), (compute[j][u], -1)].filter { $0.0 >= 0 }, upper: 0)
                }
            }
            if countsWindows && j < hold.count {
                Self.addWindowRows(to: &lp, graph: graph, hold: hold[j], compute: compute[j], moment: path[j], memory: memory, room: room, unit: unit.bytes)
            }
        }
        for v in 0..<n {
            lp.addRow(compute.compactMap { $0[v] >= 0 ? ($0[v], 1.0) : nil }, lower: 1)
        }
        program = lp
        computeColumns = compute
    }

    /// A point of ``program`` read as schedules, in two orders of each
    /// window's computations, its moment last (nothing in a window descends
    /// from its moment): the graph's order, and each computation just before
    /// its first reader in the window, those read by none in the graph's
    /// order. Where the point is integral and its memory holds at every step,
    /// such a schedule fits and costs the point's objective; elsewhere it may
    /// peak above the budget.
    ///
    /// - Complexity: O(*L* (*n* + *e*)) for a path of *L* nodes, *n* nodes and *e* edges.
    public func sequences(from values: [Double]) -> [ComputeSequence] {
        var inGraphOrder: [Int] = [], onDemand: [Int] = []
        for (j, columns) in computeColumns.enumerated() {
            let moment = j < path.count ? path[j] : nil
            let window = graph.nodes.indices.filter { $0 != moment && columns[$0] >= 0 && values[columns[$0]] > 0.5 }
                + (moment.map { [$0] } ?? [])
            inGraphOrder += window
            var inWindow = Array(repeating: false, count: graph.count)
            for v in window { inWindow[v] = true }
            var placed = Array(repeating: false, count: graph.count)
            func place(_ v: Int) {
                placed[v] = true
                for u in graph.nodes[v].inputs where inWindow[u] && !placed[u] { place(u) }
                onDemand.append(v)
            }
            for v in window where !placed[v] && !graph.users[v].contains(where: { inWindow[$0] }) { place(v) }
        }
        return [ComputeSequence(nodes: inGraphOrder), ComputeSequence(nodes: onDemand)]
    }

    /// Rows for memory inside window `j`, at each computation `v` in it: an
    /// output live at `τ_j` and not computed in the window was live all
    /// through it, so `K[j,u] >= H[j,u] - R[j,u]` (continuous, at least 0)
    /// marks it, `S_j >= sum_u m_u K[j,u]`, and
    /// `S_j - sum_{u in inputs(v)} m_u K[j,u] + (m_v + sum_{u in inputs(v)} m_u + w_v) R[j,v] <= B - M0`.
    /// Where `R[j,v] = 0` the row says no more than the moment's memory row.
    private static func addWindowRows(
        to lp: inout LinearProgram, graph: TrainingGraph, hold: [Int], compute: [Int], moment: Int, memory: [Double],
        room: Double, unit: Int
    ) {
        var kept = Array(repeating: -1, count: graph.count)
        for u in graph.nodes.indices where hold[u] >= 0 && memory[u] > 0 && u != moment {
            kept[u] = lp.addColumn(upper: 1)
            lp.addRow([(kept[u], 1), (hold[u], -1), (compute[u], 1)].filter { $0.0 >= 0 }, lower: 0)
        }
        let total = lp.addColumn()
        lp.addRow(graph.nodes.indices.compactMap { kept[$0] >= 0 ? (kept[$0], memory[$0]) : nil } + [(total, -1)], upper: 0)
        for v in graph.nodes.indices where compute[v] >= 0 && v != moment {
            let inputs = Set(graph.nodes[v].inputs)
            let own = memory[v] + inputs.reduce(0) { $0 + memory[$1] } + Double(graph.nodes[v].workspace / unit)
            guard own > 0 else { continue }
            lp.addRow([(total, 1), (compute[v], own)] + inputs.compactMap { kept[$0] >= 0 ? (kept[$0], -memory[$0]) : nil }, upper: room)
        }
    }

    /// Solves ``program`` with `solver` and returns ``costLowerBound(from:)``.
    public func costLowerBound(
        solver: any LinearSolver, parameters: SolverParameters
    ) throws(LinearSolverError) -> Double? {
        costLowerBound(from: try solver.solve(program, start: nil, parameters: parameters))
    }

    /// The bound a solve of ``program`` proves on the cost of every schedule
    /// within the budget: its dual bound (its optimum when optimal); nil when
    /// it proved none. An infeasible program would mean that no schedule fits.
    public func costLowerBound(from result: LinearSolution) -> Double? {
        guard let value = result.dualBound ?? (result.status == .optimal ? result.objective : nil), value.isFinite
        else { return nil }
        return value * costScale
    }

    /// The columns of the program on `graph` with moments at `path`, at most:
    /// `H`, `R` and `K` for each node at each moment, `R` after the last, and `S` for each window.
    public static func columnBound(of graph: TrainingGraph, path: [Int]) -> Int {
        (3 * path.count + 1) * graph.count + path.count
    }

    /// The path of ``init(graph:budget:)``: a longest path of `graph` through
    /// the node where the knapsack bound over all schedules within `budget`
    /// is taken (``TrainingGraph/recomputationBoundNode(budget:scope:)``), the
    /// first computation where the most must be recomputed, from the last
    /// forward node before its first backward one (or from that node, if
    /// earlier).
    ///
    /// - Complexity: that of the knapsack bound, plus O(*n* + *e*).
    public static func defaultPath(in graph: TrainingGraph, budget: Int) -> [Int] {
        defaultPathAndWorst(in: graph, budget: budget).path
    }

    /// ``defaultPath(in:budget:)`` and the position on it of the knapsack bound's node (0 when none).
    static func defaultPathAndWorst(in graph: TrainingGraph, budget: Int) -> (path: [Int], worst: Int) {
        let worst = graph.recomputationBoundNode(budget: budget, scope: .allSchedules)
        let path = longestPath(in: graph, through: worst)
        let backward = path.firstIndex { graph.nodes[$0].kind != .forward } ?? 0
        let at = worst.flatMap(path.firstIndex)
        let start = min(max(backward - 1, 0), at ?? path.count)
        return (Array(path[start...]), (at ?? start) - start)
    }

    /// Every `stride`-th node of `path` from its first (or in step with its
    /// node at `kept`), and its last: moments each an ancestor of the next,
    /// whose program has about 1/`stride` of the columns and rows, and whose
    /// bound, with the memory rows of the moments left out dropped and their
    /// windows merged, is weaker.
    ///
    ///     MomentRelaxation.thinned([3, 4, 5, 6, 7, 8], stride: 2)           // [3, 5, 7, 8]
    ///     MomentRelaxation.thinned([3, 4, 5, 6, 7, 8], stride: 2, kept: 3)  // [4, 6, 8]
    public static func thinned(_ path: [Int], stride: Int, kept: Int = 0) -> [Int] {
        precondition(stride > 0, "a stride of at least 1")
        return path.indices.filter { $0 % stride == kept % stride || $0 == path.count - 1 }.map { path[$0] }
    }

    /// A longest path of `graph` in nodes, from a source to a sink, among
    /// those through `node` when one is given.
    ///
    /// - Complexity: O(*n* + *e*).
    public static func longestPath(in graph: TrainingGraph, through node: Int? = nil) -> [Int] {
        guard !graph.nodes.isEmpty else { return [] }
        // `before[v]`, `after[v]`: nodes on a longest path ending, and one starting, at `v`.
        var before = Array(repeating: 1, count: graph.count)
        var previous = Array(repeating: -1, count: graph.count)
        for v in graph.nodes.indices {
            for u in graph.nodes[v].inputs where before[u] + 1 > before[v] {
                (before[v], previous[v]) = (before[u] + 1, u)
            }
        }
        var after = Array(repeating: 1, count: graph.count)
        var next = Array(repeating: -1, count: graph.count)
        for v in graph.nodes.indices.reversed() {
            for u in graph.users[v] where after[u] + 1 > after[v] {
                (after[v], next[v]) = (after[u] + 1, u)
            }
        }
        let middle = node ?? graph.nodes.indices.max { before[$0] < before[$1] }!
        var path = [middle]
        while previous[path.last!] >= 0 { path.append(previous[path.last!]) }
        path.reverse()
        while next[path.last!] >= 0 { path.append(next[path.last!]) }
        return path
    }
}
