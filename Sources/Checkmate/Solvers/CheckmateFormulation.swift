/// The Checkmate MILP for one graph and budget (Jain et al., "Checkmate:
/// Breaking the Memory Wall with Optimal Tensor Rematerialization", MLSys
/// 2020, section 4), with the frontier-advancing stages of its section 4.3.
///
/// Stage `t` computes node `t` for the first time, in the graph's order.
/// Columns (see docs/formulation.md):
/// - `R[t,i]`, `i < t`, binary: stage `t` computes node `i` (`R[t,t] = 1` is a constant);
/// - `S[t,i]`, `i < t`, binary: node `i`'s output is kept from stage `t - 1` into stage `t`;
/// - `FREE[t,i,k]`, `k < t`, `i` an input of `k` or `k` itself, in `[0, 1]`:
///   `i`'s output is freed right after stage `t` computes `k`;
/// - `U[t,k]`: memory, in units of ``memoryUnit`` above `M0`, while stage `t` computes `k`.
///
/// Rows: dependencies `R[t,k] <= R[t,i] + S[t,i]`; retention
/// `S[t+1,i] <= S[t,i] + R[t,i]`; the memory recurrence
/// `U[t,k] = U[t,k-1] + M_k R[t,k] - sum_i M_i FREE[t,i,k-1]` starting from
/// `U[t,0] = sum_i M_i S[t,i] + M_0 R[t,0]`; the budget
/// `U[t,k] + W_k R[t,k] <= B`; and the upper side of the product that defines
/// FREE, aggregated per output: `FREE[t,i,k] <= R[t,k]`,
/// `sum_{k<j} FREE[t,i,k] + R[t,j] <= S[t,i] + R[t,i]` for each later user
/// `j` of `i`, `sum_k FREE[t,i,k] + S[t+1,i] <= S[t,i] + R[t,i]`, and
/// `S[t,i] + R[t,i] <= 1`. The objective is `sum C_i R[t,i]`.
///
/// Differences from the paper, none of which changes the optimum:
/// - FREE needs no lower side and no integrality: freeing less only counts
///   more memory, so any feasible point stays feasible with FREE raised to the
///   product, which is 0 or 1 once R and S are whole.
/// - The upper side is aggregated so that the relaxation cannot free more of
///   an output than it holds (with pairwise rows, `R[t,i] = 1/2` and two users
///   each freeing half made the output's memory negative). The rows hold for
///   every plan that never computes what it keeps, which includes the
///   cheapest plan for each S. They raise the LP bound markedly at tight budgets.
/// - No FREE after node `t` in stage `t` (no later row reads it), none for an
///   input of `t` (it stays live to the end of the stage), none for outputs of
///   zero bytes, and no R, S or FREE for sinks before their own stage.
/// - Memory and the budget are divided by the GCD of all sizes; `M0` is taken off the budget.
/// - Where sizes in those units would pass 2^40 (about 1e12, far below the
///   values HiGHS rejects), the unit is coarser, sizes round down and the
///   budget up: the program is then a relaxation, so its bounds still hold,
///   and a plan it allows that does not fit is dropped by the replay.
///   Where a cost passes 2^40, costs are divided by a power of two (``costScale``).
///
/// Invariant: a point that satisfies ``program`` with whole `S` decodes,
/// through ``plan(from:keeping:)``, into a plan whose schedule costs no more
/// than the point's objective and peaks within ``budget``; and every trimmed
/// plan that fits ``budget`` has a feasible point (``start(for:)``) of equal
/// cost. So the program's optimum is the cheapest plan of this stage form.
///
///     let formulation = CheckmateFormulation(graph: graph, budget: 8 << 30)
///     let solution = try solver.solve(formulation.program, start: nil, parameters: SolverParameters())
///     let plan = formulation.plan(from: solution.values!)
public struct CheckmateFormulation: Sendable {
    /// One `FREE[stage, node, after]` column.
    struct FreeColumn: Hashable, Sendable {
        var stage: Int
        var node: Int
        var after: Int
        var column: Int
    }

    public let graph: TrainingGraph
    /// The budget in bytes, `M0` included.
    public private(set) var budget: Int
    /// Bytes per memory unit of the program: the GCD of every output and
    /// workspace size, or coarser where sizes in that unit would pass 2^40.
    public let memoryUnit: Int
    /// Whether every size is a whole number of ``memoryUnit``s.
    public let isExact: Bool
    /// `(budget - M0) / memoryUnit`, rounded down (up when not ``isExact``;
    /// negative when the budget is below `M0`).
    public private(set) var scaledBudget: Int
    /// The program's objective is cost over this power of two (1 unless a cost passes 2^40).
    public let costScale: Double
    /// The program: a MILP, or its linear relaxation when made with `relaxed: true`.
    public private(set) var program: LinearProgram

    /// Column of `R[t,i]` at `t * n + i`, or -1 where there is none.
    private let recomputeColumns: [Int]
    /// Column of `S[t,i]` at `t * n + i`, or -1 where there is none.
    private let retainColumns: [Int]
    /// Column of `U[t,k]` at `t * n + k`.
    private let memoryColumns: [Int]
    private let freeColumns: [FreeColumn]
    /// The `U` columns, whose upper bound is the scaled budget less `reserve` (the workspace of the stage's own node).
    private let budgetColumns: [(column: Int, reserve: Double)]
    /// The rows `U[t,k] + W_k R[t,k] <= B`.
    private let budgetRows: [Int]

    /// Builds the program for `graph` (stages in its node order) within `budget` bytes.
    ///
    /// - Parameters:
    ///   - graph: the graph, in the order of its stages.
    ///   - budget: the budget in bytes, `M0` included.
    ///   - relaxed: drop integrality, for the LP relaxation.
    /// - Complexity: O(*n*² + *n* *e*) columns and rows for *n* nodes and *e* edges.
    public init(graph: TrainingGraph, budget: Int, relaxed: Bool = false) {
        var builder = Builder(graph: graph, budget: budget, isInteger: !relaxed)
        builder.build()
        self.graph = graph
        self.budget = budget
        self.memoryUnit = builder.unit.bytes
        self.isExact = builder.unit.isExact
        self.scaledBudget = builder.scaledBudget
        self.costScale = builder.costScale
        self.program = builder.program
        self.recomputeColumns = builder.recompute
        self.retainColumns = builder.retain
        self.memoryColumns = builder.memoryColumns
        self.freeColumns = builder.frees
        self.budgetColumns = builder.budgetColumns
        self.budgetRows = builder.budgetRows
    }

    /// The same formulation within another budget: only the bounds that
    /// the budget sets change, so a ``LinearSolverSession`` can re-solve it
    /// without loading it again.
    public func withBudget(_ budget: Int) -> CheckmateFormulation {
        var copy = self
        copy.budget = budget
        copy.scaledBudget = Self.scaledBudget(budget, graph: graph, unit: (memoryUnit, isExact))
        let cap = Double(copy.scaledBudget)
        for (column, reserve) in budgetColumns {
            copy.program.setBounds(column: column, lower: 0, upper: cap - reserve)
        }
        for row in budgetRows {
            copy.program.setBounds(row: row, lower: -.infinity, upper: cap)
        }
        return copy
    }

    /// `(budget - M0) / unit` rounded down (up for an inexact unit), or -1 when the budget is below `M0`.
    static func scaledBudget(_ budget: Int, graph: TrainingGraph, unit: (bytes: Int, isExact: Bool)) -> Int {
        let room = budget - graph.constantMemory
        guard room >= 0 else { return -1 }
        return unit.isExact ? room / unit.bytes : (room + unit.bytes - 1) / unit.bytes
    }

    /// The cost of a value of the program's objective.
    public func cost(ofObjective value: Double) -> Double {
        value * costScale
    }

    /// The retention a point chooses: `S[t,i]` where `keep` accepts its value.
    public func retain(from values: [Double], keeping keep: (Double) -> Bool = { $0 > 0.5 }) -> StageMatrix {
        let n = graph.count
        var retain = StageMatrix(count: n)
        for t in 0..<n {
            for i in 0..<t {
                let column = retainColumns[t * n + i]
                if column >= 0, keep(values[column]) { retain[t, i] = true }
            }
        }
        return retain
    }

    /// The cheapest trimmed plan for the retention a point chooses (the
    /// paper's Algorithm 2, step 3): R is recomputed from S, never read.
    public func plan(from values: [Double], keeping keep: (Double) -> Bool = { $0 > 0.5 }) -> StagePlan {
        StagePlan(graph: graph, retain: retain(from: values, keeping: keep)).trimmed(in: graph)
    }

    /// A feasible point of the program that follows `plan`, for a MIP start;
    /// nil when `plan` does not fit the budget in this form.
    ///
    /// - Parameter plan: a plan made by ``StagePlan/trimmed(in:)``, so that
    ///   its memory here is exactly its schedule's.
    public func start(for plan: StagePlan) -> [Double]? {
        let n = graph.count
        precondition(plan.count == n, "the plan is for another graph")
        var x = Array(repeating: 0.0, count: program.columnCount)
        func set(_ matrix: StageMatrix, _ columns: [Int]) -> Bool {
            for t in 0..<n {
                for i in 0..<t where matrix[t, i] {
                    guard columns[t * n + i] >= 0 else { return false }
                    x[columns[t * n + i]] = 1
                }
            }
            return true
        }
        guard set(plan.recomputation, recomputeColumns), set(plan.retention, retainColumns) else { return nil }
        var freed = Array(repeating: [(node: Int, column: Int)](), count: n * n)
        for free in freeColumns {
            let (t, i, k) = (free.stage, free.node, free.after)
            let neededLater = graph.users[i].contains { $0 > k && $0 < t && plan.recomputation[t, $0] }
            let keptNext = t + 1 < n && plan.retention[t + 1, i]
            if plan.recomputation[t, k], !neededLater, !keptNext { x[free.column] = 1 }
            freed[t * n + k].append((i, free.column))
        }
        let memory = graph.nodes.map { Double($0.memory / memoryUnit) }
        for t in 0..<n {
            var used = (0..<t).reduce(0.0) { plan.retention[t, $1] ? $0 + memory[$1] : $0 }
            for k in 0...t {
                if k > 0 {
                    for (i, column) in freed[t * n + k - 1] { used -= memory[i] * x[column] }
                }
                if plan.recomputation[t, k] { used += memory[k] }
                x[memoryColumns[t * n + k]] = used
            }
        }
        return program.violation(of: x) <= 1e-9 ? x : nil
    }

    /// The largest size or cost the program holds as it is.
    private static let largestCoefficient = 1 << 40

    /// The GCD of every output and workspace size (1 when all are zero), or
    /// a coarser unit where sizes in the GCD would pass ``largestCoefficient``.
    static func memoryUnit(of graph: TrainingGraph) -> (bytes: Int, isExact: Bool) {
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        let unit = max(graph.nodes.reduce(0) { gcd(gcd($0, $1.memory), $1.workspace) }, 1)
        let largest = graph.nodes.reduce(0) { max($0, $1.memory, $1.workspace) }
        guard largest / unit > largestCoefficient else { return (unit, true) }
        return (largest / largestCoefficient + 1, false)
    }

    /// 1, or the power of two that brings the largest cost to at most ``largestCoefficient``.
    static func costScale(of graph: TrainingGraph) -> Double {
        let largest = graph.nodes.reduce(0) { max($0, $1.cost) }
        guard largest > Double(largestCoefficient) else { return 1 }
        return Double(sign: .plus, exponent: (largest / Double(largestCoefficient)).exponent + 1, significand: 1)
    }
}

extension LinearProgram {
    /// The stage form's dependency rows of stage `t`, `R[t,k] <= R[t,i] + S[t,i]`
    /// for each input `i` of its node and of each node `k` it may recompute,
    /// and its retention rows `S[t+1,i] <= S[t,i] + R[t,i]`; `recompute` and
    /// `retain` give the columns of `R[t,i]` and `S[t,i]` (-1: none).
    mutating func addDependencyRows(
        stage t: Int, graph: TrainingGraph, recompute r: (Int, Int) -> Int, retain s: (Int, Int) -> Int
    ) {
        for i in graph.nodes[t].inputs {
            addRow([(r(t, i), 1), (s(t, i), 1)], lower: 1)
        }
        for k in 0..<t where r(t, k) >= 0 {
            for i in graph.nodes[k].inputs {
                addRow([(r(t, k), 1), (r(t, i), -1), (s(t, i), -1)], upper: 0)
            }
        }
        guard t + 1 < graph.count else { return }
        for i in 0..<t where s(t + 1, i) >= 0 {
            addRow([(s(t + 1, i), 1), (s(t, i), -1), (r(t, i), -1)], upper: 0)
        }
    }
}

extension CheckmateFormulation {
    /// Lays out the columns and rows, stage by stage.
    private struct Builder {
        let graph: TrainingGraph
        let n: Int
        let unit: (bytes: Int, isExact: Bool)
        let scaledBudget: Int
        let costScale: Double
        let isInteger: Bool
        /// Node sizes in memory units.
        let memory: [Double]
        let workspace: [Double]
        var program = LinearProgram()
        var recompute: [Int]
        var retain: [Int]
        var memoryColumns: [Int]
        var frees: [FreeColumn] = []
        var budgetColumns: [(column: Int, reserve: Double)] = []
        var budgetRows: [Int] = []

        init(graph: TrainingGraph, budget: Int, isInteger: Bool) {
            self.graph = graph
            self.n = graph.count
            let unit = CheckmateFormulation.memoryUnit(of: graph)
            self.unit = unit
            self.scaledBudget = CheckmateFormulation.scaledBudget(budget, graph: graph, unit: unit)
            self.costScale = CheckmateFormulation.costScale(of: graph)
            self.isInteger = isInteger
            self.memory = graph.nodes.map { Double($0.memory / unit.bytes) }
            self.workspace = graph.nodes.map { Double($0.workspace / unit.bytes) }
            self.recompute = Array(repeating: -1, count: n * n)
            self.retain = Array(repeating: -1, count: n * n)
            self.memoryColumns = Array(repeating: -1, count: n * n)
        }

        func r(_ t: Int, _ i: Int) -> Int { recompute[t * n + i] }
        func s(_ t: Int, _ i: Int) -> Int { retain[t * n + i] }

        mutating func build() {
            // A sink is never needed after its own stage.
            let needed = graph.users.map { !$0.isEmpty }
            for t in 0..<n {
                for i in 0..<t where needed[i] {
                    recompute[t * n + i] = program.addColumn(cost: graph.nodes[i].cost / costScale, upper: 1, isInteger: isInteger)
                }
            }
            for t in 1..<max(n, 1) {
                for i in 0..<t where needed[i] {
                    retain[t * n + i] = program.addColumn(upper: 1, isInteger: isInteger)
                }
            }
            program.objectiveOffset = graph.totalCost / costScale
            for t in 0..<n {
                addDependencyRows(stage: t)
                let freed = addFreeColumns(stage: t)
                addMemoryRows(stage: t, freed: freed)
                addFreeRows(stage: t, freed: freed)
            }
        }

        /// `R[t,k] <= R[t,i] + S[t,i]` for each input `i` of a node `k` the
        /// stage may compute, and `S[t+1,i] <= S[t,i] + R[t,i]`.
        mutating func addDependencyRows(stage t: Int) {
            let (recompute, retain, n) = (recompute, retain, n)
            program.addDependencyRows(stage: t, graph: graph, recompute: { recompute[$0 * n + $1] }) {
                $0 < n ? retain[$0 * n + $1] : -1
            }
        }

        /// FREE columns of stage `t`, grouped by the node after which they free.
        mutating func addFreeColumns(stage t: Int) -> [[(node: Int, column: Int)]] {
            var freed = Array(repeating: [(node: Int, column: Int)](), count: t)
            for k in 0..<t where r(t, k) >= 0 {
                for i in graph.nodes[k].inputs + [k] where memory[i] > 0 && !graph.users[i].contains(t) {
                    let column = program.addColumn(upper: 1)
                    freed[k].append((i, column))
                    frees.append(FreeColumn(stage: t, node: i, after: k, column: column))
                }
            }
            return freed
        }

        /// The memory recurrence and the budget, with `R[t,t] = 1` moved to the right side.
        mutating func addMemoryRows(stage t: Int, freed: [[(node: Int, column: Int)]]) {
            for k in 0...t {
                let reserve = k == t ? workspace[t] : 0
                let u = program.addColumn(upper: Double(scaledBudget) - reserve)
                budgetColumns.append((u, reserve))
                memoryColumns[t * n + k] = u
                var terms: [(column: Int, coefficient: Double)] = [(u, 1)]
                if k == 0 {
                    for i in 0..<t where s(t, i) >= 0 { terms.append((s(t, i), -memory[i])) }
                } else {
                    terms.append((memoryColumns[t * n + k - 1], -1))
                    for (i, column) in freed[k - 1] { terms.append((column, memory[i])) }
                }
                if k < t {
                    guard r(t, k) >= 0 else {
                        program.addRow(terms, lower: 0, upper: 0)
                        continue
                    }
                    terms.append((r(t, k), -memory[k]))
                    program.addRow(terms, lower: 0, upper: 0)
                    if workspace[k] > 0 {
                        budgetRows.append(program.rowCount)
                        program.addRow([(u, 1), (r(t, k), workspace[k])], upper: Double(scaledBudget))
                    }
                } else {
                    program.addRow(terms, lower: memory[t], upper: memory[t])
                }
            }
        }

        /// The upper side of `FREE[t,i,k] = R[t,k] (1 - S[t+1,i]) prod_j (1 - R[t,j])`,
        /// aggregated per output so that the relaxation cannot free more of
        /// an output than it holds:
        /// `FREE[t,i,k] <= R[t,k]`;
        /// `sum_{k<j} FREE[t,i,k] + R[t,j] <= S[t,i] + R[t,i]` for each later user `j`;
        /// `sum_k FREE[t,i,k] + S[t+1,i] <= S[t,i] + R[t,i]`; and `S[t,i] + R[t,i] <= 1`.
        mutating func addFreeRows(stage t: Int, freed: [[(node: Int, column: Int)]]) {
            var byNode = [Int: [(after: Int, column: Int)]]()
            for k in 0..<t {
                for (i, column) in freed[k] {
                    program.addRow([(column, 1), (r(t, k), -1)], upper: 0)
                    byNode[i, default: []].append((k, column))
                }
            }
            for i in 0..<t where r(t, i) >= 0 && s(t, i) >= 0 {
                program.addRow([(r(t, i), 1), (s(t, i), 1)], upper: 1)
            }
            for (i, frees) in byNode.sorted(by: { $0.key < $1.key }) {
                // An output freed in stage t was held: kept into it or computed in it.
                let held: [(column: Int, coefficient: Double)] = [(r(t, i), -1), (s(t, i), -1)]
                for j in graph.users[i] where j < t && r(t, j) >= 0 {
                    let before = frees.filter { $0.after < j }.map { (column: $0.column, coefficient: 1.0) }
                    guard !before.isEmpty else { continue }
                    program.addRow(before + [(r(t, j), 1)] + held, upper: 0)
                }
                let next = t + 1 < n ? s(t + 1, i) : -1
                let all = frees.map { (column: $0.column, coefficient: 1.0) }
                program.addRow(all + (next >= 0 ? [(next, 1)] : []) + held, upper: 0)
            }
        }
    }
}
