import Foundation

/// Rotor: optimal checkpointing of a heterogeneous chain by dynamic
/// programming (Beaumont, Eyraud-Dubois, Herrmann, Joly and Shilova,
/// "Optimal checkpointing for heterogeneous chains: how to train deep neural
/// networks with limited memory", 2019), on the training graph cut into a
/// chain of blocks.
///
/// Unlike revolve (``Griewank``) the chain's steps have their own costs and
/// sizes, and a step either runs keeping everything its backward pass reads
/// or keeps only its checkpoint and is recomputed later, as often as the
/// memory requires. One departure from the paper: the checkpoint that later
/// steps start from may stay live until the earlier steps' backward pass
/// needs it, so the step before it need not be recomputed (on the paper's
/// chain of equal steps, Rotor then costs exactly what revolve costs).
///
/// The forward nodes that read only forward nodes, in the graph's order, are
/// the chain: one block per node up to ``blocks`` of them, else runs cut
/// where the fewest bytes cross; every other node belongs to the last block
/// whose forward nodes it reads (`Chain`). The program (`Table`) sees
/// each block's bytes as measured by running it alone, so its plans are
/// candidates: each becomes a ``ComputeSequence`` (every output freed after
/// its last read) and is replayed, at every memory level where the
/// program's answer changes, from a third above the budget down; the first
/// that fits, the cheapest since costs rise as the levels fall, is returned.
///
/// Invariant: every candidate computes the whole forward pass before the
/// first backward node, and the backward blocks last to first, so each is a
/// valid schedule; the returned one fits the budget by its replay.
///
///     let solution = try Rotor().solve(graph, budget: 8 << 30)
public struct Rotor: NearMissReporting {
    /// The most blocks of the chain.
    public var blocks: Int
    /// The memory levels of the dynamic program, up to ``headroom`` times the budget.
    public var levels: Int

    /// How far above the budget the program's memory goes: its byte counts
    /// overestimate what a plan holds where blocks share inputs.
    static let headroom = 4.0 / 3

    public init(blocks: Int = 200, levels: Int = 400) {
        self.blocks = blocks
        self.levels = levels
    }

    /// Steps of the dynamic program per second, on the slow side (measured: ResNet50's
    /// 174 blocks at 400 levels, 2.1e9 steps, in 3 to 4.4 s; the table is bound by memory traffic).
    static let stepsPerSecond = 4e8

    /// The fewest memory levels the program is given when time is short.
    static let leastLevels = 100

    /// The blocks and levels of the program for `chainLength` forward nodes:
    /// ``blocks`` and ``levels``, unless the program (about 4 *L*³ *M* / 3
    /// steps: four states, two ways to advance) would take longer than
    /// `timeLimit`; then fewer levels, down to ``leastLevels``, and only then
    /// fewer blocks, since a coarser chain is what loses fits at tight budgets.
    func resolution(chainLength: Int, within timeLimit: Double?) -> (blocks: Int, levels: Int) {
        let blocks = max(1, min(self.blocks, chainLength))
        let levels = max(1, self.levels)
        guard let timeLimit else { return (blocks, levels) }
        let steps = max(0, timeLimit) * Self.stepsPerSecond * 3 / 4
        let cube = pow(Double(blocks), 3)
        if cube * Double(levels) <= steps { return (blocks, levels) }
        let fewer = min(levels, Self.leastLevels)
        if cube * Double(fewer) <= steps { return (blocks, max(fewer, Int(steps / cube))) }
        return (max(1, min(blocks, Int(cbrt(steps / Double(fewer))))), fewer)
    }

    public var name: String { "rotor" }
    public var summary: String {
        "Beaumont et al. 2019 Rotor: optimal checkpointing of the heterogeneous chain of forward nodes by dynamic programming"
    }

    /// The cheapest replayed plan that fits, among the program's plans at each memory level.
    ///
    /// - Complexity: O(*L*³ *M*) for the program over *L* blocks and *M* levels,
    ///   then a replay per distinct plan; `options.timeLimit` stops the replays.
    public func solve(_ graph: TrainingGraph, budget: Int, options: SolveOptions) throws(StrategyError) -> Solution {
        try replayedPlans(graph, budget: budget, options: options).solution()
    }

    /// ``solve(_:budget:options:)``'s solution, or the plan of least peak when none fits.
    public func attempt(_ graph: TrainingGraph, budget: Int, options: SolveOptions) throws(StrategyError) -> Attempt {
        try replayedPlans(graph, budget: budget, options: options).attempt()
    }

    /// The program's plans, replayed down to the first that fits.
    private func replayedPlans(_ graph: TrainingGraph, budget: Int, options: SolveOptions) throws(StrategyError) -> CheapestFit {
        var search = try CheapestFit(graph: graph, budget: budget, strategy: name, usesStagePlans: false, timeLimit: options.timeLimit)
        let resolution = resolution(chainLength: graph.forwardNodes.count, within: options.timeLimit)
        let chain = Chain(graph: graph, blocks: resolution.blocks)
        // Without a backward pass (a forward-only graph) there is nothing to checkpoint for.
        guard chain.count > 0, chain.backward.contains(where: { !$0.isEmpty }) else {
            try search.consider(ComputeSequence(nodes: Array(graph.nodes.indices)).schedule(for: graph))
            return search
        }
        let memory = Int(min(Double(budget - graph.constantMemory) * Self.headroom, Double(Int.max / 4)))
        let table = Table(chain: chain, memory: memory, levels: resolution.levels)
        options.progress?("\(name): \(chain.count) blocks, \(table.levels) memory levels of \(ByteCount(table.unit))")
        // Costs rise as the program's memory falls, so the first plan that fits is the cheapest.
        var previous = Float.infinity
        var replayed = 0
        for m in stride(from: table.levels, through: 0, by: -1) where !search.isPastTimeLimit {
            let cost = table.cost(within: m)
            guard cost < .infinity else { break }
            guard cost != previous else { continue }
            previous = cost
            replayed += 1
            let replay = try search.consider(ComputeSequence(nodes: table.sequence(within: m)).schedule(for: graph))
            if replay.peakMemory <= budget {
                options.progress?("\(name): \(replayed) plans replayed; the plan within \(ByteCount(m * table.unit)) "
                    + "fits, peak \(ByteCount(replay.peakMemory)), cost \(replay.cost.compactDescription)")
                break
            }
        }
        return search
    }
}
