/// A relaxation of Checkmate's stage form (Jain et al., MLSys 2020) that
/// counts memory only at the two moments of each stage that every plan of
/// the form shares, so it needs neither `FREE` nor `U`: about a third of
/// ``CheckmateFormulation``'s columns, and a lower bound on the cost of every
/// plan of the stage form in the graph's order where that program is too
/// large to solve in time.
///
/// Columns `R[t,i]` and `S[t,i]` and the dependency, retention and
/// `S[t,i] + R[t,i] <= 1` rows are the formulation's. Memory rows, for each
/// stage `t`, in bytes above `M0`:
/// - when `t` computes, last in its stage: its output, workspace and inputs,
///   and every other output kept into stage `t + 1`, which is live then:
///   `M_t + W_t + sum_{i in inputs(t)} M_i + sum_{i not an input} M_i S[t+1,i] <= B`;
/// - when the stage's first node computes, every output kept into the stage
///   is live beside that node's output and workspace:
///   `sum_i M_i S[t,i] + min_{k <= t} (M_k + W_k) <= B`.
///
/// Invariant: every plan of the stage form within the budget gives a point
/// of ``program`` of the same cost, so the program's optimum, and the
/// Lagrangian bound of any duals, bound the cost of every such plan.
///
///     let relaxation = StageBoundaryRelaxation(graph: graph, budget: budget)
///     let result = try solver.solve(relaxation.program, start: nil, parameters: SolverParameters(timeLimit: 60))
public struct StageBoundaryRelaxation: StageRelaxation {
    public let graph: TrainingGraph
    /// The budget in bytes, `M0` included.
    public let budget: Int
    /// The linear program; its objective is the cost over ``costScale``.
    public let program: LinearProgram
    /// The program's objective is cost over this power of two.
    public let costScale: Double
    /// Column of `S[t,i]` at `t * n + i`, or -1 where there is none.
    private let retainColumns: [Int]

    /// Builds the relaxation for `graph`, stages in its node order, within `budget` bytes.
    ///
    /// - Complexity: O(*n*²) columns and O(*n*² + *n* *e*) rows for *n* nodes and *e* edges.
    public init(graph: TrainingGraph, budget: Int) {
        self.graph = graph
        self.budget = budget
        let n = graph.count
        var lp = LinearProgram()
        let unit = CheckmateFormulation.memoryUnit(of: graph)
        let cap = Double(CheckmateFormulation.scaledBudget(budget, graph: graph, unit: unit))
        costScale = CheckmateFormulation.costScale(of: graph)
        let memory = graph.nodes.map { Double($0.memory / unit.bytes) }
        let workspace = graph.nodes.map { Double($0.workspace / unit.bytes) }
        let needed = graph.users.map { !$0.isEmpty }
        var recompute = Array(repeating: -1, count: n * n)
        var retain = Array(repeating: -1, count: n * n)
        for t in 0..<n {
            for i in 0..<t where needed[i] {
                recompute[t * n + i] = lp.addColumn(cost: graph.nodes[i].cost / costScale, upper: 1)
                if t > 0 { retain[t * n + i] = lp.addColumn(upper: 1) }
            }
        }
        lp.objectiveOffset = graph.totalCost / costScale
        func r(_ t: Int, _ i: Int) -> Int { recompute[t * n + i] }
        func s(_ t: Int, _ i: Int) -> Int { t < n ? retain[t * n + i] : -1 }
        // The least any node takes while it computes: some node opens each stage.
        var opening = Double.infinity
        for t in 0..<n {
            opening = min(opening, memory[t] + workspace[t])
            let inputs = graph.nodes[t].inputs
            lp.addDependencyRows(stage: t, graph: graph, recompute: r, retain: s)
            for k in 0..<t where r(t, k) >= 0 && s(t, k) >= 0 {
                lp.addRow([(r(t, k), 1), (s(t, k), 1)], upper: 1)
            }
            let computing = inputs.reduce(memory[t] + workspace[t]) { $0 + memory[$1] }
            let inputSet = Set(inputs)
            let kept = (0..<t).filter { s(t + 1, $0) >= 0 && !inputSet.contains($0) && memory[$0] > 0 }
            if !kept.isEmpty { lp.addRow(kept.map { (s(t + 1, $0), memory[$0]) }, upper: cap - computing) }
            let held = (0..<t).filter { s(t, $0) >= 0 && memory[$0] > 0 }
            if !held.isEmpty { lp.addRow(held.map { (s(t, $0), memory[$0]) }, upper: cap - opening) }
        }
        retainColumns = retain
        program = lp
    }

    /// The number of columns on a graph of `n` nodes, at most: `R` and `S` for each earlier node in each stage.
    public static func columnCount(nodes n: Int) -> Int {
        n * max(n - 1, 0)
    }

    public func retain(from values: [Double], keeping keep: (Double) -> Bool = { $0 > 0.5 }) -> StageMatrix {
        let n = graph.count
        var retain = StageMatrix(count: n)
        for t in 0..<n {
            for i in 0..<t where retainColumns[t * n + i] >= 0 && keep(values[retainColumns[t * n + i]]) {
                retain[t, i] = true
            }
        }
        return retain
    }

    /// The cost of a value of the program's objective.
    public func cost(ofObjective value: Double) -> Double {
        value * costScale
    }
}
