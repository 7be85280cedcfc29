extension DynamicRematerialization {
    /// One run of the training step under the budget.
    struct Run {
        let budget: Int
        let wait: Wait
        /// When the run gives up, if ever.
        let deadline: ContinuousClock.Instant?
        // The graph's numbers, by node.
        private let inputs: [[Int]]
        private let users: [[Int]]
        private let bytes: [Int]
        private let workspace: [Int]
        private let cost: [Double]
        private var resident: [Bool]
        /// How many computations in progress read the output: it is evicted only when nothing else frees enough.
        private var pending: [Int]
        /// Users not yet computed for the first time: an output is needed while this is positive.
        private var remainingUsers: [Int]
        /// The clock of each output's last read or computation.
        private var lastRead: [Int]
        private var clock = 0
        /// Where each node comes in the order, and whether it has been computed.
        private var position: [Int]
        private var computed: [Bool]
        /// The position of the node that the order computes now.
        private var now = 0
        /// `seen[v] == search` when ``lossCost(of:)``'s current search has reached `v`.
        private var seen: [Int]
        private var search = 0
        private var memory: Int
        private var steps: [Schedule.Step] = []
        /// How deep recomputations may nest: a thread's stack holds this many frames.
        static let depthLimit = 1000
        /// A run that recomputes more than this many times the graph's size is thrashing; it gives up.
        private let stepLimit: Int

        init(graph: TrainingGraph, budget: Int, wait: Wait, deadline: ContinuousClock.Instant? = nil) {
            self.budget = budget
            self.wait = wait
            self.deadline = deadline
            inputs = graph.nodes.map(\.inputs)
            users = graph.users
            bytes = graph.nodes.map(\.memory)
            workspace = graph.nodes.map(\.workspace)
            cost = graph.nodes.map(\.cost)
            resident = Array(repeating: false, count: graph.count)
            pending = Array(repeating: 0, count: graph.count)
            remainingUsers = graph.users.map(\.count)
            lastRead = Array(repeating: 0, count: graph.count)
            seen = Array(repeating: 0, count: graph.count)
            position = Array(repeating: 0, count: graph.count)
            computed = Array(repeating: false, count: graph.count)
            memory = graph.constantMemory
            stepLimit = 20 * graph.count
        }

        /// The run's schedule when every node of `order` (a topological
        /// order) is computed within the budget; nil when it gets stuck or
        /// reaches its deadline.
        mutating func schedule(in order: [Int]) -> Schedule? {
            for (p, v) in order.enumerated() { position[v] = p }
            for (p, v) in order.enumerated() {
                now = p
                guard materialize(v, depth: 0) else { return nil }
                computed[v] = true
                for i in inputs[v] {
                    remainingUsers[i] -= 1
                    if remainingUsers[i] == 0, resident[i] { release(i) }
                }
                if users[v].isEmpty { release(v) }
            }
            return Schedule(steps: steps)
        }

        /// Computes `v`, first computing again every input that is not
        /// resident and evicting outputs until `v` fits; false when it cannot.
        ///
        /// While an input is recomputed, the inputs already resident are
        /// evicted only when nothing else frees enough; they are then
        /// recomputed too.
        private mutating func materialize(_ v: Int, depth: Int) -> Bool {
            // Each recomputation nested in another takes a stack frame; a run that nests deeper gives up.
            guard depth < Self.depthLimit else { return false }
            for i in inputs[v] { pending[i] += 1 }
            defer { for i in inputs[v] { pending[i] -= 1 } }
            var missing = inputs[v].filter { !resident[$0] }
            while !missing.isEmpty {
                // Sethi and Ullman: the input that needs the most memory beyond its own output first.
                var needs: [Int: Int] = [:]
                let extra = missing.map { need(of: $0, depth: depth + 1, memo: &needs) - bytes[$0] }
                guard materialize(missing[extra.indices.max { extra[$0] < extra[$1] }!], depth: depth + 1) else { return false }
                missing = inputs[v].filter { !resident[$0] }
            }
            while memory + bytes[v] + workspace[v] > budget {
                guard let victim = cheapestEviction(sparing: inputs[v]) else { return false }
                release(victim)
            }
            guard steps.count < stepLimit else { return false }
            if let deadline, clock % 1024 == 0, ContinuousClock.now >= deadline { return false }
            clock += 1
            for i in inputs[v] { lastRead[i] = clock }
            lastRead[v] = clock
            steps.append(.compute(v))
            resident[v] = true
            memory += bytes[v]
            return true
        }

        /// Sethi and Ullman's estimate of the memory that computing `v` again
        /// takes beyond what is resident: its missing inputs, the one that
        /// needs most first, then `v` itself.
        private func need(of v: Int, depth: Int, memo: inout [Int: Int]) -> Int {
            if let known = memo[v] { return known }
            let deeper = depth + 1 < Self.depthLimit ? inputs[v].filter { !resident[$0] } : []
            var missing = deeper.map { (need: need(of: $0, depth: depth + 1, memo: &memo), memory: bytes[$0]) }
            missing.sort { $0.need - $0.memory > $1.need - $1.memory }
            var held = 0
            var most = 0
            for input in missing {
                most = max(most, held + input.need)
                held += input.memory
            }
            let result = max(most, held + bytes[v] + workspace[v])
            memo[v] = result
            return result
        }

        private mutating func release(_ v: Int) {
            steps.append(.free(v))
            resident[v] = false
            memory -= bytes[v]
        }

        /// The resident output with the least `h`, not among `inputs`, if any
        /// frees memory; outputs that no computation in progress reads come first.
        private mutating func cheapestEviction(sparing spared: [Int]) -> Int? {
            var best: (node: Int, key: (Int, Double))?
            for v in bytes.indices where resident[v] && bytes[v] > 0 && !spared.contains(v) {
                let key = (pending[v] > 0 ? 1 : 0, lossCost(of: v) / (Double(bytes[v]) * waiting(of: v)))
                if best.map({ key < $0.key }) ?? true { best = (v, key) }
            }
            return best?.node
        }

        /// How long `v` waits, by ``wait``: since it was last read, or until
        /// the order next computes a node that reads it.
        private func waiting(of v: Int) -> Double {
            switch wait {
            case .sinceLastRead:
                return Double(clock - lastRead[v] + 1)
            case .untilNextRead:
                let next = users[v].lazy.filter { !computed[$0] }.map { position[$0] }.min() ?? 2 * position.count
                return Double(next - now + 1)
            }
        }

        /// What evicting `v` would cost to undo: its cost and that of the
        /// evicted outputs connected to it through evicted outputs, the inputs
        /// that recomputing it needs and the needed users that would need it.
        private mutating func lossCost(of v: Int) -> Double {
            search += 1
            seen[v] = search
            var stack = [v]
            var total = 0.0
            while let u = stack.popLast() {
                total += cost[u]
                for w in inputs[u] where !resident[w] && seen[w] != search {
                    seen[w] = search
                    stack.append(w)
                }
                for w in users[u] where !resident[w] && remainingUsers[w] > 0 && computed[w] && seen[w] != search {
                    seen[w] = search
                    stack.append(w)
                }
            }
            return total
        }
    }
}
