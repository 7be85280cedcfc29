extension Rotor {
    /// A training graph cut into a chain of blocks, with what Rotor's dynamic
    /// program needs to know of each: costs, and the bytes held while it runs.
    ///
    /// Block `k` is a run `F_k` of the forward nodes that read only forward
    /// nodes, consecutive in the graph's order, and the other nodes `B_k` (the
    /// loss and the backward pass), each in the last block whose forward
    /// nodes it reads and never after a block whose other nodes it reads.
    /// The checkpoint `X_k` is what crosses the cut after block `k`: the
    /// outputs of `F_0...F_k` read by a later block's forward node or by the loss. The gradient `D_k`
    /// is what crosses it backward: the outputs of `B_j`, `j > k`, read by
    /// `B_i`, `i <= k`. Byte counts are measured by running one block alone
    /// with each output freed after its last read within the block.
    struct Chain {
        /// `F_k` and `B_k`, by block; each in the graph's order.
        var forward: [[Int]] = []
        var backward: [[Int]] = []
        var forwardCost: [Double] = []
        var backwardCost: [Double] = []
        /// The nodes of `F_k` that `B_k` needs when `X_k` is live, in order, and their cost.
        var refill: [[Int]] = []
        var refillCost: [Double] = []
        /// Bytes of `X_k`, the checkpoint after block `k`.
        var checkpoint: [Int] = []
        /// `shared[i][j]`, for `i <= j`: bytes of `X_i` also in `X_j`
        /// (outputs that skip connections hold across several cuts).
        var shared: [[Int]] = []
        /// Bytes of `D_k`, the gradient into blocks `0...k` (zero after the last block).
        var gradient: [Int] = []
        /// The peak of computing `F_k` from `X_{k-1}` (held) keeping only `X_k`.
        var advancePeak: [Int] = []
        /// The peak of computing `F_k` from `X_{k-1}` keeping what `B_k` reads too.
        var retainPeak: [Int] = []
        /// Bytes that `retainPeak`'s run keeps beyond `X_{k-1}` and `X_k`.
        var retained: [Int] = []
        /// The peak of `B_k` with `X_{k-1}`, the forward outputs it reads and `D_k` live,
        /// with `X_{k-1}` held throughout or (`backwardPeakReading`) freed after its last read.
        var backwardPeak: [Int] = []
        var backwardPeakReading: [Int] = []
        /// Whether `B_k` reads part of `X_{k-1}`, and part of `X_k`.
        var readsPrevious: [Bool] = []
        var readsCheckpoint: [Bool] = []

        var count: Int { forward.count }

        /// The blocks of `graph` with at most `blocks` of them: one per forward
        /// node when there are no more, else runs cut where least crosses.
        init(graph: TrainingGraph, blocks limit: Int) {
            // The chain: forward nodes that read only such nodes (a graph file may order kinds freely).
            var isChain = Array(repeating: false, count: graph.count)
            for v in graph.nodes.indices where graph.nodes[v].kind == .forward {
                isChain[v] = graph.nodes[v].inputs.allSatisfy { isChain[$0] }
            }
            let order = graph.nodes.indices.filter { isChain[$0] }
            guard !order.isEmpty else { return }
            var position = Array(repeating: -1, count: graph.count)
            for (p, v) in order.enumerated() { position[v] = p }
            // The last position whose forward node (or, past the end, the loss) reads each forward output.
            var lastRead = Array(repeating: -1, count: order.count)
            for (p, v) in order.enumerated() {
                lastRead[p] = p
                for u in graph.users[v] {
                    if isChain[u] {
                        lastRead[p] = max(lastRead[p], position[u])
                    } else if graph.nodes[u].kind == .loss {
                        lastRead[p] = order.count
                    }
                }
            }
            var block = Array(repeating: 0, count: order.count)
            let cuts = Self.cuts(lastRead: lastRead, memory: order.map { graph.nodes[$0].memory }, blocks: limit)
            var next = 0
            for p in order.indices {
                block[p] = next
                if next < cuts.count, cuts[next] == p { next += 1 }
            }
            let count = next + 1
            forward = Array(repeating: [], count: count)
            for (p, v) in order.enumerated() { forward[block[p]].append(v) }
            var blockOf = Array(repeating: -1, count: graph.count)
            for (p, v) in order.enumerated() { blockOf[v] = block[p] }
            backward = Array(repeating: [], count: count)
            for v in graph.nodes.indices where !isChain[v] {
                var home = -1
                var ceiling = count - 1
                for u in graph.nodes[v].inputs {
                    if isChain[u] { home = max(home, blockOf[u]) } else { ceiling = min(ceiling, blockOf[u]) }
                }
                blockOf[v] = home < 0 ? ceiling : min(home, ceiling)
                backward[blockOf[v]].append(v)
            }
            let memory = graph.nodes.map(\.memory)
            forwardCost = forward.map { $0.reduce(0) { $0 + graph.nodes[$1].cost } }
            backwardCost = backward.map { $0.reduce(0) { $0 + graph.nodes[$1].cost } }

            // X_k and D_k, as sets by block.
            var crossing = Array(repeating: [Int](), count: count)
            // spans[i][j]: bytes crossing exactly the cuts i...j; shared sums them over i' <= i, j' >= j.
            var spans = Array(repeating: Array(repeating: 0, count: count), count: count)
            for (p, v) in order.enumerated() where lastRead[p] > p {
                let until = lastRead[p] == order.count ? count - 1 : block[lastRead[p]]
                for k in block[p]..<until { crossing[k].append(v) }
                if block[p] < until { spans[block[p]][until - 1] += memory[v] }
            }
            shared = spans
            for i in 0..<count {
                for j in stride(from: count - 1, through: 0, by: -1) {
                    shared[i][j] += (i > 0 ? shared[i - 1][j] : 0) + (j + 1 < count ? shared[i][j + 1] : 0)
                        - (i > 0 && j + 1 < count ? shared[i - 1][j + 1] : 0)
                }
            }
            var gradientSets = Array(repeating: [Int](), count: count)
            for v in graph.nodes.indices where !isChain[v] {
                let lowest = graph.users[v].map { blockOf[$0] }.min() ?? blockOf[v]
                for k in lowest..<blockOf[v] { gradientSets[k].append(v) }
            }
            let bytes = { (set: [Int]) in set.reduce(0) { $0 + memory[$1] } }
            checkpoint = crossing.map(bytes)
            gradient = gradientSets.map(bytes)

            for k in 0..<count {
                let start = k > 0 ? crossing[k - 1] : []
                let next = Set(crossing[k])
                let readBackward = Set(forward[k].filter { v in graph.users[v].contains { !isChain[$0] } })
                advancePeak.append(Self.peak(of: forward[k], in: graph, held: start, freed: [], keeps: next))
                retainPeak.append(Self.peak(of: forward[k], in: graph, held: start, freed: [], keeps: next.union(readBackward)))
                retained.append(bytes(readBackward.subtracting(next).sorted()))
                var needed = Set<Int>()
                for v in forward[k].reversed() where !next.contains(v) {
                    if graph.users[v].contains(where: { !isChain[$0] || needed.contains($0) }) { needed.insert(v) }
                }
                refill.append(forward[k].filter(needed.contains))
                refillCost.append(refill[k].reduce(0) { $0 + graph.nodes[$1].cost })
                let gradientIn = k + 1 < count ? Set(gradientSets[k]) : []
                let gradientOut = Set(k > 0 ? gradientSets[k - 1] : [])
                let live = readBackward.union(gradientIn).subtracting(start)
                let reads = Set(backward[k].flatMap { graph.nodes[$0].inputs })
                let previous = start.filter(reads.contains)
                backwardPeak.append(Self.peak(of: backward[k], in: graph, held: start, freed: live.sorted(), keeps: gradientOut))
                backwardPeakReading.append(Self.peak(
                    of: backward[k], in: graph, held: [], freed: live.union(previous).sorted(), keeps: gradientOut))
                readsPrevious.append(!previous.isEmpty)
                readsCheckpoint.append(crossing[k].contains(where: reads.contains))
            }
        }

        /// Cut positions (a cut after each), increasing: none when each node can be a block,
        /// else `blocks - 1` of them, each where the fewest bytes cross within its share of the order.
        private static func cuts(lastRead: [Int], memory: [Int], blocks: Int) -> [Int] {
            let count = lastRead.count
            guard count > blocks else { return Array(0..<(count - 1)) }
            var change = Array(repeating: 0, count: count + 1)
            for p in 0..<count where lastRead[p] > p {
                change[p] += memory[p]
                change[min(lastRead[p], count)] -= memory[p]
            }
            var crossing = Array(repeating: 0, count: count)
            var running = 0
            for p in 0..<count {
                running += change[p]
                crossing[p] = running
            }
            var cuts: [Int] = []
            for b in 1..<blocks {
                let low = max((cuts.last ?? -1) + 1, (b * count - count / 2) / blocks)
                let high = min(count - 2, (b * count + count / 2) / blocks)
                guard low <= high else { continue }
                cuts.append((low...high).min { crossing[$0] < crossing[$1] }!)
            }
            return cuts
        }

        /// The most bytes held while `nodes` compute in order, from `held` (kept
        /// throughout) and `freed` (live at the start, freed after their last
        /// read), each computed output freed after its last read among `nodes`
        /// unless it is in `keeps`.
        private static func peak(of nodes: [Int], in graph: TrainingGraph, held: [Int], freed: [Int], keeps: Set<Int>) -> Int {
            var last: [Int: Int] = [:]
            for (p, v) in nodes.enumerated() {
                last[v] = last[v] ?? p
                for u in graph.nodes[v].inputs { last[u] = p }
            }
            let pinned = Set(held).union(keeps)
            // Only what is live here is released: an input from outside `held` and `freed` is not counted.
            let releasable = Set(freed).union(nodes)
            var live = (held + freed).reduce(0) { $0 + graph.nodes[$1].memory }
            var release = Array(repeating: [Int](), count: nodes.count)
            for (v, p) in last where !pinned.contains(v) && releasable.contains(v) { release[p].append(v) }
            var peak = live
            for (p, v) in nodes.enumerated() {
                peak = max(peak, live + graph.nodes[v].memory + graph.nodes[v].workspace)
                live += graph.nodes[v].memory
                for u in release[p] { live -= graph.nodes[u].memory }
            }
            return peak
        }
    }
}
