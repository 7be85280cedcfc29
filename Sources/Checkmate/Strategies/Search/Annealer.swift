import Foundation

/// What an ``Annealer`` shows a walk of the state it is in: its compute
/// steps, and for each step the last read of its copy and the memory held.
struct AnnealingView {
    var sequence: [Int]
    var ends: [Int]
    var held: [Int]
    var measure: SequenceEvaluator.Measure
}

/// The moves of one kind of state that an ``Annealer`` walks: compute
/// sequences themselves (``SequenceWalk``).
protocol AnnealingWalk {
    associatedtype Move
    /// A move from the state that `view` shows, with the compute steps it leads to; nil when none applies.
    mutating func propose(
        _ view: AnnealingView, evaluator: SequenceEvaluator, using random: inout SplitMix64
    ) -> (move: Move, sequence: [Int])?
    /// Takes `move`, which led to `sequence`.
    mutating func apply(_ move: Move, sequence: [Int])
}

/// Simulated annealing over schedules within a budget, after FastSA
/// (Imanishi et al., "A fast heuristic to optimize time-space tradeoff for
/// large models", NeurIPS 2023), which anneals the schedule itself rather
/// than a formulation of it.
///
/// The energy of a state is `cost + weight * overflow`, where overflow is the
/// bytes above the budget summed over the compute steps, so a state that
/// fits has the energy of its cost. The weight grows while the walk stays
/// over the budget and shrinks while it fits (strategic oscillation), so the
/// walk crosses states over the budget to reach cheaper ones that fit; one
/// that stays over the budget for ``stretchOverBudget`` proposals once it has
/// a best state goes back to it (its relief moves pile up steps as the weight
/// grows). The temperature cools geometrically from the mean node cost to a
/// thousandth of it.
///
/// Invariant: every state is a valid ``ComputeSequence``; ``best`` is the
/// cheapest state seen that fits the budget, ``leastPeak`` the
/// lowest peak seen.
struct Annealer<Walk: AnnealingWalk> {
    var walk: Walk
    private(set) var evaluator: SequenceEvaluator
    private(set) var view: AnnealingView
    private(set) var best: (sequence: [Int], cost: Double)?
    private(set) var leastPeak: (sequence: [Int], peak: Int)
    private var weight: Double
    private let meanCost: Double
    private let meanMemory: Double
    private var random: SplitMix64
    /// Proposals made and accepted so far.
    private(set) var proposals = 0
    private(set) var acceptances = 0

    /// - Precondition: `start` is the valid compute sequence of `walk`'s state.
    init(walk: Walk, evaluator: SequenceEvaluator, start: [Int], seed: UInt64) {
        var evaluator = evaluator
        guard let measure = evaluator.measure(start) else { preconditionFailure("the start is not a valid sequence") }
        self.walk = walk
        view = Self.view(of: start, measure, evaluator: evaluator)
        self.evaluator = evaluator
        best = measure.fits ? (start, measure.cost) : nil
        leastPeak = (start, measure.peak)
        let nodes = Double(max(evaluator.cost.count, 1))
        meanCost = max(evaluator.cost.reduce(0, +) / nodes, 1e-9)
        meanMemory = max(Double(evaluator.memory.reduce(0, +)) / nodes, 1)
        weight = meanCost / meanMemory // baseWeight, which needs self whole
        random = SplitMix64(seed: seed)
    }

    var measure: SequenceEvaluator.Measure { view.measure }

    /// Anneals until `deadline`, or for `steps` proposals when given; stops
    /// too when `stop` says so (it is asked every 64 proposals).
    ///
    /// With `untilFits`, the walk is a feasibility phase: its energy is the
    /// overflow, with the cost only to break ties (a mean node cost weighs
    /// as a hundredth of a mean output held for one step), the temperature
    /// cools from a tenth of a mean output to a thousandth of that, and it
    /// stops as soon as a state fits.
    mutating func run(
        until deadline: ContinuousClock.Instant, steps: Int? = nil, untilFits: Bool = false, target: Double? = nil,
        stop: () -> Bool = { false }
    ) {
        let start = ContinuousClock.now
        let span = max((deadline - start) / .seconds(1), 1e-9)
        var step = 0
        var overBudget = 0
        // Proposals since the state last fitted.
        var stretch = 0
        var now = start
        while steps.map({ step < $0 }) ?? true {
            if step & 63 == 0 {
                now = ContinuousClock.now
                if now >= deadline || stop() { break }
            }
            if untilFits, best != nil { break }
            if let target, let best, Solution.meets(best.cost, bound: target) { break }
            let progress = steps.map { Double(step) / Double(max($0, 1)) } ?? min(((now - start) / .seconds(1)) / span, 1)
            // 1000^-progress: from the mean cost (or output) down to a thousandth of it.
            let temperature = (untilFits ? meanMemory / 10 : meanCost) * exp(-progress * 6.907755278982137)
            step += 1
            proposals += 1
            if view.measure.fits { stretch = 0 } else { overBudget += 1; stretch += 1 }
            // A walk over the budget this long has lost its way (its steps pile up as the weight grows): back to the best.
            if !untilFits, stretch >= Self.stretchOverBudget, let best {
                let measure = evaluator.measure(best.sequence)!
                view = Self.view(of: best.sequence, measure, evaluator: evaluator)
                weight = baseWeight
                stretch = 0
            }
            if step % 1000 == 0 {
                weight *= overBudget > 500 ? 1.5 : overBudget == 0 ? 1 / 1.2 : 1
                weight = max(weight, baseWeight * 1e-3)
                overBudget = 0
            }
            guard let (move, sequence) = walk.propose(view, evaluator: evaluator, using: &random),
                  let next = evaluator.measure(sequence)
            else { continue }
            let delta = untilFits
                ? (next.overflow - view.measure.overflow) + 0.01 * meanMemory / meanCost * (next.cost - view.measure.cost)
                : (next.cost - view.measure.cost) + weight * (next.overflow - view.measure.overflow)
            guard delta <= 0 || Double.random(in: 0..<1, using: &random) < exp(-delta / temperature) else { continue }
            walk.apply(move, sequence: sequence)
            accept(sequence, next)
        }
    }

    /// The weight on overflow a walk starts with: a mean node cost per mean output.
    private var baseWeight: Double { meanCost / meanMemory }

    /// Proposals in a row over the budget after which a walk that has fitted returns to its best state.
    static var stretchOverBudget: Int { 20_000 }

    /// The view of `sequence`, which `evaluator` measured last, as `measure`.
    private static func view(of sequence: [Int], _ measure: SequenceEvaluator.Measure, evaluator: SequenceEvaluator) -> AnnealingView {
        AnnealingView(
            sequence: sequence, ends: Array(evaluator.ends[0..<sequence.count]),
            held: Array(evaluator.held[0..<sequence.count]), measure: measure)
    }

    private mutating func accept(_ sequence: [Int], _ next: SequenceEvaluator.Measure) {
        acceptances += 1
        view = Self.view(of: sequence, next, evaluator: evaluator)
        if next.fits, next.cost < best?.cost ?? .infinity { best = (sequence, next.cost) }
        if next.peak < leastPeak.peak { leastPeak = (sequence, next.peak) }
    }
}
