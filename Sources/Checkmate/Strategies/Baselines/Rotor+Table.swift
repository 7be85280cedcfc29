extension Rotor {
    /// Rotor's dynamic program over a ``Chain``: `C(s, t, m)`, the least cost
    /// of computing the backward pass of blocks `s...t` from the checkpoint
    /// `X_{s-1}` and the gradient `D_t`, both held, within `m` memory units
    /// that count them.
    ///
    /// Either block `s` runs keeping what `B_s` reads, blocks `s+1...t`
    /// follow with less memory and `B_s` runs last; or blocks `s...s'-1`
    /// run keeping only their checkpoints, `s'...t` follow from `X_{s'-1}`
    /// (with `X_{s-1}` still held) and then `s...s'-1` from `X_{s-1}` again,
    /// either recomputing `X_{s'-1}` or reusing it, held meanwhile. Each
    /// `C` comes in four variants: whether the caller reads `X_{s-1}`
    /// afterwards (``State/kept``), and whether `X_t` is live on entry
    /// (``State/ready``), so block `t` recomputes only what else `B_t` reads.
    ///
    /// - Complexity: O(*L*³ *M*) time and O(*L*² *M*) memory for *L* blocks and *M* levels.
    struct Table {
        /// The variant of `C(s, t, m)`.
        struct State: Hashable {
            /// Whether `X_{s-1}` stays live after `B_s`, for the caller.
            var kept: Bool
            /// Whether `X_t` is live on entry and until `B_t`.
            var ready: Bool

            var index: Int { (kept ? 1 : 0) + (ready ? 2 : 0) }
            static let all = [false, true].flatMap { kept in [false, true].map { State(kept: kept, ready: $0) } }
        }

        /// What `C(s, t, m)` chose: keep block `s`, or advance to `next`, recomputing
        /// `X_{next-1}` later or reusing it.
        private enum Choice {
            case keep
            case advance(next: Int, reuse: Bool)

            init?(code: Int16, count: Int) {
                switch Int(code) {
                case ..<0: return nil
                case 0: self = .keep
                case let c where c < count: self = .advance(next: c, reuse: false)
                case let c: self = .advance(next: c - count, reuse: true)
                }
            }

            func code(count: Int) -> Int16 {
                switch self {
                case .keep: 0
                case .advance(let next, let reuse): Int16(reuse ? next + count : next)
                }
            }
        }

        let chain: Chain
        /// Bytes per memory unit.
        let unit: Int
        let levels: Int
        /// `C(s, t, m)` (infinity where nothing fits) and the ``Choice`` that attains it, by state.
        private var cost: [Float]
        private var choice: [Int16]
        /// What keeping block `k` retains, and `X_k`, in units (rounded up).
        private let retained: [Int]
        private let checkpoint: [Int]
        /// `beyond[i][j]`: units of `X_i` not in `X_j`, for `i <= j` (rounded up).
        private let beyond: [[Int]]

        init(chain: Chain, memory: Int, levels: Int) {
            let count = chain.count
            precondition(2 * count <= Int(Int16.max), "too many blocks")
            self.chain = chain
            self.levels = levels
            let unit = max(1, (memory + levels - 1) / levels)
            self.unit = unit
            let units = { (bytes: Int) in (bytes + unit - 1) / unit }
            retained = chain.retained.map(units)
            checkpoint = chain.checkpoint.map(units)
            beyond = (0..<count).map { i in (0..<count).map { j in j < i ? 0 : units(chain.checkpoint[i] - chain.shared[i][j]) } }
            let gradient = chain.gradient.map(units)
            let advance = chain.advancePeak.map(units)
            let retain = chain.retainPeak.map(units)
            let backward = [chain.backwardPeakReading.map(units), chain.backwardPeak.map(units)]
            let forwardCost = chain.forwardCost.map(Float.init)
            let refillCost = chain.refillCost.map(Float.init)
            let backwardCost = chain.backwardCost.map(Float.init)
            self.cost = []
            self.choice = []
            let width = levels + 1
            var cost = Array(repeating: Float.infinity, count: 4 * count * (count + 1) / 2 * width)
            var choice = Array(repeating: Int16(-1), count: cost.count)
            cost.withUnsafeMutableBufferPointer { cost in
                choice.withUnsafeMutableBufferPointer { choice in
                    for length in 0..<count {
                        for s in 0..<(count - length) {
                            let t = s + length
                            for state in State.all {
                                let here = row(s, t, state)
                                // X_t, when live on entry, is held until B_t.
                                let ready = state.ready && s < t ? checkpoint[t] : 0
                                // Branch-free (a little faster than a conditional store on ResNet50's table).
                                func offer(_ value: Float, at m: Int, code: Int16) {
                                    let better = value < cost[here + m]
                                    cost[here + m] = better ? value : cost[here + m]
                                    choice[here + m] = better ? code : choice[here + m]
                                }
                                // Keep block s: it runs with D_t held, then s+1...t with what it keeps, then B_s.
                                let needed = max(gradient[t] + retain[s] + ready, backward[state.kept ? 1 : 0][s])
                                let right = keepRight(s, state)
                                let own = (state.ready && s == t ? refillCost[s] : forwardCost[s]) + backwardCost[s]
                                let keep = Choice.keep.code(count: count)
                                if s == t {
                                    for m in min(needed, width)..<width { offer(own, at: m, code: keep) }
                                } else {
                                    let later = row(s + 1, t, right.state) - right.units
                                    for m in min(max(needed, right.units), width)..<width {
                                        offer(own + cost[later + m], at: m, code: keep)
                                    }
                                }
                                // Advance from s to next keeping only checkpoints; s...next-1 run again afterwards.
                                var running = forwardCost[s]
                                var widest = advance[s]
                                for next in (s + 1)..<(t + 1) {
                                    for reuse in [false, true] {
                                        let right = advanceRight(s, next, state, reuse: reuse)
                                        let later = row(next, t, right.state) - right.units
                                        let earlier = row(s, next - 1, State(kept: state.kept, ready: reuse))
                                        let code = Choice.advance(next: next, reuse: reuse).code(count: count)
                                        for m in min(max(gradient[t] + widest + ready, right.units), width)..<width {
                                            offer(running + cost[later + m] + cost[earlier + m], at: m, code: code)
                                        }
                                    }
                                    running += forwardCost[next]
                                    widest = max(widest, (s > 0 ? beyond[s - 1][next - 1] : 0) + advance[next])
                                }
                            }
                        }
                    }
                }
            }
            self.cost = cost
            self.choice = choice
        }

        /// The first entry of `C(s, t, ·)` in state `state`; `s <= t`.
        private func row(_ s: Int, _ t: Int, _ state: State) -> Int {
            let count = chain.count
            return ((state.index * count * (count + 1) / 2) + t * (t + 1) / 2 + s) * (levels + 1)
        }

        /// After block `s` runs keeping what `B_s` reads: the units the blocks
        /// after it cannot use (`X_{s-1}` beyond `X_s` while it is held, and
        /// what `s` retains), and their state: they keep `X_s` when `B_s` reads
        /// it or it holds part of the `X_{s-1}` held here; `X_t` stays as ready as it was.
        private func keepRight(_ s: Int, _ state: State) -> (units: Int, state: State) {
            let holds = state.kept || chain.readsPrevious[s]
            let shares = holds && s > 0 && chain.shared[s - 1][s] > 0
            return ((holds && s > 0 ? beyond[s - 1][s] : 0) + retained[s],
                    State(kept: chain.readsCheckpoint[s] || shares, ready: state.ready))
        }

        /// After advancing from block `s` to `next`, with `X_{s-1}` held for
        /// running `s...next-1` again: the units of it beyond `X_{next-1}`, and
        /// the state of blocks `next...t`: they keep `X_{next-1}` when it is
        /// reused or holds part of `X_{s-1}`.
        private func advanceRight(_ s: Int, _ next: Int, _ state: State, reuse: Bool) -> (units: Int, state: State) {
            let shares = s > 0 && chain.shared[s - 1][next - 1] > 0
            return (s > 0 ? beyond[s - 1][next - 1] : 0, State(kept: reuse || shares, ready: state.ready))
        }

        /// `C(0, L-1, m)`: the least cost of the whole chain within `m` units.
        func cost(within m: Int) -> Float {
            m < 0 ? .infinity : cost[row(0, chain.count - 1, State(kept: false, ready: false)) + min(m, levels)]
        }

        /// The compute steps of the least-cost plan within `m` units (which must be finite).
        func sequence(within m: Int) -> [Int] {
            var nodes: [Int] = []
            emit(0, chain.count - 1, min(m, levels), State(kept: false, ready: false), into: &nodes)
            return nodes
        }

        private func emit(_ s: Int, _ t: Int, _ m: Int, _ state: State, into nodes: inout [Int]) {
            guard let pick = Choice(code: choice[row(s, t, state) + m], count: chain.count) else {
                preconditionFailure("no plan within \(m) units")
            }
            switch pick {
            case .keep:
                nodes += state.ready && s == t ? chain.refill[s] : chain.forward[s]
                if s < t {
                    let right = keepRight(s, state)
                    emit(s + 1, t, m - right.units, right.state, into: &nodes)
                }
                nodes += chain.backward[s]
            case .advance(let next, let reuse):
                for k in s..<next { nodes += chain.forward[k] }
                let right = advanceRight(s, next, state, reuse: reuse)
                emit(next, t, m - right.units, right.state, into: &nodes)
                emit(s, next - 1, m, State(kept: state.kept, ready: reuse), into: &nodes)
            }
        }
    }
}
