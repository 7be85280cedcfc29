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
        /// The resident outputs, and where each is in that list (-1: not resident).
        private var residents: [Int] = []
        private var slot: [Int]
        /// DTR's equivalence classes of evicted outputs, a union-find over
        /// elements: evicting an output makes it a new element joined with
        /// the classes of its evicted neighbours, and a class costs what
        /// computing its members again would. Classes are never split: a
        /// recomputed output takes its cost out of its class and leaves its
        /// element behind. `element[v]` is the evicted output's element (-1: none).
        private var element: [Int]
        private var parent: [Int] = []
        private var classCost: [Double] = []
        /// `mark[root] == search` when the current ``lossCost(of:)`` has counted that class.
        private var mark: [Int] = []
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
            slot = Array(repeating: -1, count: graph.count)
            element = Array(repeating: -1, count: graph.count)
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
            // Loops rather than closures here: a closure over self would copy the run on every call.
            while true {
                // Sethi and Ullman: the input that needs the most memory beyond its own output first.
                var needs: [Int: Int] = [:]
                var next = -1
                var most = Int.min
                for u in inputs[v] where !resident[u] {
                    let extra = need(of: u, depth: depth + 1, memo: &needs) - bytes[u]
                    if extra > most { (next, most) = (u, extra) }
                }
                guard next >= 0 else { break }
                guard materialize(next, depth: depth + 1) else { return false }
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
            if element[v] >= 0 {
                classCost[root(of: element[v])] -= cost[v]
                element[v] = -1
            }
            slot[v] = residents.count
            residents.append(v)
            return true
        }

        /// Sethi and Ullman's estimate of the memory that computing `v` again
        /// takes beyond what is resident: its missing inputs, the one that
        /// needs most first, then `v` itself.
        private func need(of v: Int, depth: Int, memo: inout [Int: Int]) -> Int {
            if let known = memo[v] { return known }
            var missing: [(need: Int, memory: Int)] = []
            if depth + 1 < Self.depthLimit {
                for u in inputs[v] where !resident[u] { missing.append((need(of: u, depth: depth + 1, memo: &memo), bytes[u])) }
            }
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
            let last = residents.removeLast()
            if last != v {
                residents[slot[v]] = last
                slot[last] = slot[v]
            }
            slot[v] = -1
            // Evicted, v joins the classes of its evicted inputs and needed users.
            let e = parent.count
            parent.append(e)
            classCost.append(cost[v])
            mark.append(0)
            element[v] = e
            for w in inputs[v] where !resident[w] { join(e, element[w]) }
            for w in users[v] where !resident[w] && remainingUsers[w] > 0 && computed[w] { join(e, element[w]) }
        }

        private mutating func root(of e: Int) -> Int {
            var r = e
            while parent[r] != r { r = parent[r] }
            var u = e
            while parent[u] != r { (parent[u], u) = (r, parent[u]) }
            return r
        }

        private mutating func join(_ a: Int, _ b: Int) {
            guard b >= 0 else { return }
            let (x, y) = (root(of: a), root(of: b))
            guard x != y else { return }
            parent[y] = x
            classCost[x] += classCost[y]
        }

        /// The resident output with the least `h`, not among `inputs`, if any
        /// frees memory; outputs that no computation in progress reads come first.
        private mutating func cheapestEviction(sparing spared: [Int]) -> Int? {
            var best: (node: Int, key: (Int, Double))?
            for v in residents where bytes[v] > 0 && !spared.contains(v) {
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
                var next = 2 * position.count
                for u in users[v] where !computed[u] { next = min(next, position[u]) }
                return Double(next - now + 1)
            }
        }

        /// What evicting `v` would cost to undo, as DTR approximates it: its
        /// cost and that of the classes of its evicted inputs and of its
        /// evicted users still needed.
        private mutating func lossCost(of v: Int) -> Double {
            search += 1
            var total = cost[v]
            for w in inputs[v] where !resident[w] { total += classCostOnce(w) }
            for w in users[v] where !resident[w] && remainingUsers[w] > 0 && computed[w] { total += classCostOnce(w) }
            return total
        }

        /// The cost of `w`'s class the first time the current search meets it, else 0.
        private mutating func classCostOnce(_ w: Int) -> Double {
            guard element[w] >= 0 else { return 0 }
            let r = root(of: element[w])
            guard mark[r] != search else { return 0 }
            mark[r] = search
            return max(classCost[r], 0)
        }
    }
}
