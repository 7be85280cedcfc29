/// Moves on compute sequences themselves, for an ``Annealer``:
/// - drop a step whose node is also computed elsewhere (the copy before it is then kept longer);
/// - compute an input of a step again just before it, so that the input's
///   earlier copy ends sooner;
/// - over the budget: an output held across an overflowing step without being
///   read there is computed again before its next read, and so are the
///   inputs that would otherwise be held across that step (three levels deep);
/// - move a step anywhere between its inputs' copies and its first reader,
///   which also changes the order of first computations.
struct SequenceWalk: AnnealingWalk {
    mutating func propose(
        _ view: AnnealingView, evaluator: SequenceEvaluator, using random: inout SplitMix64
    ) -> (move: Void, sequence: [Int])? {
        let roll = Int.random(in: 0..<10, using: &random)
        let next: [Int]?
        if !view.measure.fits, roll < 5 {
            next = relieveOverflow(view, evaluator, &random)
        } else {
            switch roll {
            case 0..<3: next = dropRecomputation(view, &random)
            case 3..<6: next = recomputeBeforeRead(view, evaluator, &random)
            default: next = shift(view, evaluator, &random)
            }
        }
        return next.map { ((), $0) }
    }

    func apply(_ move: Void, sequence: [Int]) {}

    private func dropRecomputation(_ view: AnnealingView, _ random: inout SplitMix64) -> [Int]? {
        let steps = view.sequence
        for _ in 0..<8 {
            let p = Int.random(in: 0..<steps.count, using: &random)
            guard steps.lazy.filter({ $0 == steps[p] }).prefix(2).count > 1 else { continue }
            var next = steps
            next.remove(at: p)
            return next
        }
        return nil
    }

    private func recomputeBeforeRead(_ view: AnnealingView, _ evaluator: SequenceEvaluator, _ random: inout SplitMix64) -> [Int]? {
        let steps = view.sequence
        let r = Int.random(in: 0..<steps.count, using: &random)
        guard let u = evaluator.inputs[steps[r]].randomElement(using: &random),
              let s = Self.latestCopy(of: u, before: r, in: steps), s < r - 1
        else { return nil }
        var next = steps
        next.insert(u, at: r)
        return next
    }

    private func relieveOverflow(_ view: AnnealingView, _ evaluator: SequenceEvaluator, _ random: inout SplitMix64) -> [Int]? {
        let steps = view.sequence
        // Loops rather than filters: this runs on every other proposal over the budget.
        var over: [Int] = []
        for p in view.held.indices where view.held[p] > evaluator.budget { over.append(p) }
        guard let x = over.randomElement(using: &random) else { return nil }
        var across: [Int] = []
        for s in 0..<x where view.ends[s] > x && evaluator.memory[steps[s]] > 0 { across.append(s) }
        guard let s = across.randomElement(using: &random) else { return nil }
        let u = steps[s]
        var read: Int?
        for r in (x + 1)...view.ends[s] where evaluator.inputs[steps[r]].contains(u) {
            read = r
            break
        }
        guard let r = read else { return nil }
        // Inputs whose copies end before x would be held across it: compute them again too, inputs first.
        var list: [Int] = []
        func plan(_ v: Int, depth: Int) {
            for w in evaluator.inputs[v] where depth < 3 && !list.contains(w) {
                if let c = Self.latestCopy(of: w, before: r, in: steps), view.ends[c] < x { plan(w, depth: depth + 1) }
            }
            list.append(v)
        }
        plan(u, depth: 0)
        var next = steps
        next.insert(contentsOf: list, at: r)
        return next
    }

    private func shift(_ view: AnnealingView, _ evaluator: SequenceEvaluator, _ random: inout SplitMix64) -> [Int]? {
        let steps = view.sequence
        let p = Int.random(in: 0..<steps.count, using: &random)
        let v = steps[p]
        // Anywhere after a copy of each input: a step moved before an input's
        // latest copy reads an earlier one, and a reader it passes reads
        // another copy of v, if there is one (the measure rejects the rest).
        var low = 0
        for u in evaluator.inputs[v] {
            low = max(low, (steps.firstIndex(of: u) ?? p) + 1)
        }
        var high = steps.count - 1
        let wide = Int.random(in: 0..<4, using: &random) == 0
        if !wide, view.ends[p] > p,
           let first = ((p + 1)...view.ends[p]).first(where: { evaluator.inputs[steps[$0]].contains(v) }) {
            high = first - 1
        }
        if !wide, let c = evaluator.inputs[v].compactMap({ Self.latestCopy(of: $0, before: p, in: steps) }).max() { low = max(low, c + 1) }
        guard low <= high + 1 else { return nil }
        // Before the step now at k, for k in low...high + 1; k = p or p + 1 is where it is.
        let k = Int.random(in: low...(high + 1), using: &random)
        guard k != p, k != p + 1 else { return nil }
        var next = steps
        next.remove(at: p)
        next.insert(v, at: k > p ? k - 1 : k)
        return next
    }

    static func latestCopy(of u: Int, before p: Int, in steps: [Int]) -> Int? {
        var q = p - 1
        while q >= 0 {
            if steps[q] == u { return q }
            q -= 1
        }
        return nil
    }
}
