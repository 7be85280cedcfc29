import Foundation

/// Simulated annealing over compute sequences (``ComputeSequence``) within
/// a budget, after FastSA (Imanishi et al., "A fast heuristic to optimize
/// time-space tradeoff for large models", NeurIPS 2023), which anneals the
/// schedule itself rather than a formulation of it.
///
/// A state is a valid sequence; its energy is `cost + weight * overflow`,
/// where overflow is the bytes above the budget summed over the compute
/// steps, so a state that fits has the energy of its cost. The moves:
/// - drop a recomputation (the copy before it is then kept longer);
/// - compute an output again just before a read, so that its copy before
///   ends earlier (where the budget is exceeded: an output held across an
///   overflowing step, recomputed before its next read, with inputs that
///   would be held across the same step recomputed too);
/// - move a computation within the steps between its inputs and its first
///   reader, which also changes the order of first computations.
/// The overflow weight grows while the walk stays over the budget and
/// shrinks while it fits, so the walk crosses infeasible states to reach
/// cheaper fitting ones.
///
/// Invariant: every state is a valid sequence; ``best`` is the cheapest
/// state seen that fits, ``leastPeak`` the lowest peak seen.
struct SequenceAnnealer {
    private(set) var evaluator: SequenceEvaluator
    private var current: [Int]
    private var measure: SequenceEvaluator.Measure
    /// The current state's last read and memory, by position.
    private var ends: [Int]
    private var held: [Int]
    private(set) var best: (sequence: [Int], cost: Double)?
    private(set) var leastPeak: (sequence: [Int], peak: Int)
    private var weight: Double
    private let meanCost: Double
    private var random: SplitMix64

    /// - Precondition: `start` is a valid sequence of the evaluator's graph.
    init(evaluator: SequenceEvaluator, start: [Int], seed: UInt64) {
        var evaluator = evaluator
        guard let measure = evaluator.measure(start) else { preconditionFailure("the start is not a valid sequence") }
        self.evaluator = evaluator
        current = start
        self.measure = measure
        ends = Array(evaluator.ends[0..<start.count])
        held = Array(evaluator.held[0..<start.count])
        best = measure.fits ? (start, measure.cost) : nil
        leastPeak = (start, measure.peak)
        let nodes = Double(max(evaluator.cost.count, 1))
        meanCost = max(evaluator.cost.reduce(0, +) / nodes, 1e-9)
        let meanMemory = max(Double(evaluator.memory.reduce(0, +)) / nodes, 1)
        weight = meanCost / meanMemory
        random = SplitMix64(seed: seed)
    }

    /// Anneals until `deadline`, or for `steps` proposals when given, cooling
    /// from the mean node cost to a thousandth of it.
    mutating func run(until deadline: ContinuousClock.Instant, steps: Int? = nil) {
        let start = ContinuousClock.now
        let span = max((deadline - start) / .seconds(1), 1e-9)
        var step = 0
        var overBudget = 0
        while steps.map({ step < $0 }) ?? true {
            if step & 63 == 0 {
                let now = ContinuousClock.now
                if now >= deadline { break }
            }
            let progress = steps.map { Double(step) / Double(max($0, 1)) }
                ?? min(((ContinuousClock.now - start) / .seconds(1)) / span, 1)
            let temperature = meanCost * pow1000(-progress)
            step += 1
            if !measure.fits { overBudget += 1 }
            if step % 1000 == 0 {
                // Strategic oscillation: more weight while over the budget, less while within it.
                weight *= overBudget > 500 ? 1.5 : overBudget == 0 ? 1 / 1.2 : 1
                overBudget = 0
            }
            guard let candidate = propose(), let next = evaluator.measure(candidate) else { continue }
            let delta = (next.cost - measure.cost) + weight * (next.overflow - measure.overflow)
            guard delta <= 0 || Double.random(in: 0..<1, using: &random) < exp(-delta / temperature) else { continue }
            accept(candidate, next)
        }
    }

    private mutating func accept(_ sequence: [Int], _ next: SequenceEvaluator.Measure) {
        current = sequence
        measure = next
        ends = Array(evaluator.ends[0..<sequence.count])
        held = Array(evaluator.held[0..<sequence.count])
        if next.fits, next.cost < best?.cost ?? .infinity { best = (sequence, next.cost) }
        if next.peak < leastPeak.peak { leastPeak = (sequence, next.peak) }
    }

    /// `1000^x`.
    private func pow1000(_ x: Double) -> Double { exp(x * 6.907755278982137) }

    // MARK: Moves

    private mutating func propose() -> [Int]? {
        let roll = Int.random(in: 0..<10, using: &random)
        if !measure.fits, roll < 5 { return relieveOverflow() }
        switch roll {
        case 0..<3: return dropRecomputation()
        case 3..<6: return recomputeBeforeRead()
        default: return shift()
        }
    }

    /// Drops a random step whose node is also computed elsewhere.
    private mutating func dropRecomputation() -> [Int]? {
        for _ in 0..<8 {
            let p = Int.random(in: 0..<current.count, using: &random)
            guard occurrences(of: current[p]) > 1 else { continue }
            var next = current
            next.remove(at: p)
            return next
        }
        return nil
    }

    /// Computes an input of a random step again just before it, if its copy was made earlier than the step before.
    private mutating func recomputeBeforeRead() -> [Int]? {
        let r = Int.random(in: 0..<current.count, using: &random)
        let inputs = evaluator.inputs[current[r]]
        guard let u = inputs.randomElement(using: &random), let s = latestCopy(of: u, before: r), s < r - 1 else { return nil }
        var next = current
        next.insert(u, at: r)
        return next
    }

    /// Where the budget is exceeded: an output held across an overflowing
    /// step without being read there is computed again before its next
    /// read, with the inputs that would otherwise be held across that step.
    private mutating func relieveOverflow() -> [Int]? {
        let over = held.indices.filter { held[$0] > evaluator.budget }
        guard let x = over.randomElement(using: &random) else { return nil }
        let across = (0..<x).filter { ends[$0] > x && evaluator.memory[current[$0]] > 0 }
        guard let s = across.randomElement(using: &random) else { return nil }
        let u = current[s]
        guard let r = ((x + 1)...ends[s]).first(where: { evaluator.inputs[current[$0]].contains(u) }) else { return nil }
        // Inputs whose copies end before x would be held across it: compute them again too, inputs first.
        var list: [Int] = []
        func plan(_ v: Int, depth: Int) {
            for w in evaluator.inputs[v] where depth < 3 && !list.contains(w) {
                if let c = latestCopy(of: w, before: r), ends[c] < x { plan(w, depth: depth + 1) }
            }
            list.append(v)
        }
        plan(u, depth: 0)
        var next = current
        next.insert(contentsOf: list, at: r)
        return next
    }

    /// Moves a random step to a random place between its inputs' copies and its first reader.
    private mutating func shift() -> [Int]? {
        let p = Int.random(in: 0..<current.count, using: &random)
        let v = current[p]
        var low = 0
        for u in evaluator.inputs[v] {
            guard let c = latestCopy(of: u, before: p) else { return nil }
            low = max(low, c + 1)
        }
        var high = current.count - 1
        if ends[p] > p, let first = ((p + 1)...ends[p]).first(where: { evaluator.inputs[current[$0]].contains(v) }) {
            high = first - 1
        }
        let k = Int.random(in: low...(high + 1), using: &random)
        guard k != p, k != p + 1 else { return nil }
        var next = current
        next.remove(at: p)
        next.insert(v, at: k > p ? k - 1 : k)
        return next
    }

    private func latestCopy(of u: Int, before p: Int) -> Int? {
        var q = p - 1
        while q >= 0 {
            if current[q] == u { return q }
            q -= 1
        }
        return nil
    }

    private func occurrences(of v: Int) -> Int {
        var count = 0
        for u in current where u == v {
            count += 1
            if count > 1 { break }
        }
        return count
    }
}
