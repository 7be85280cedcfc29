import Checkmate

/// Exact references for tiny graphs, written independently of the formulation.
enum ExhaustiveSearch {
    /// The cheapest schedule of the stage form within each budget: stage `t`
    /// computes node `t` for the first time, keeps a set `S[t]` of earlier
    /// outputs, computes the least closure its successor's set needs, and
    /// frees eagerly. A shortest path over the sets `S[t]`, one layer per
    /// stage. Returns nil where nothing fits. At most 9 nodes.
    static func stageForm(_ graph: TrainingGraph, budgets: [Int]) -> [Double?] {
        let n = graph.count
        precondition(n <= 9)
        // transitions[t][(from, to)] = (cost, peak) of stage t between the kept sets.
        var layers: [[UInt32: (cost: Double, peak: Int)]] = []
        for t in 0..<n {
            var layer = [UInt32: (cost: Double, peak: Int)]()
            let nextCount = t + 1 < n ? 1 << (t + 1) : 1
            for from in 0..<UInt32(1 << t) {
                for to in 0..<UInt32(nextCount) {
                    layer[from << 16 | to] = stage(graph, t, kept: from, next: to)
                }
            }
            layers.append(layer)
        }
        return budgets.map { budget in
            var best: [UInt32: Double] = [0: 0]
            for t in 0..<n {
                var next: [UInt32: Double] = [:]
                for (from, cost) in best {
                    let nextCount = t + 1 < n ? 1 << (t + 1) : 1
                    for to in 0..<UInt32(nextCount) {
                        let step = layers[t][from << 16 | to]!
                        guard step.peak <= budget else { continue }
                        next[to] = min(next[to] ?? .infinity, cost + step.cost)
                    }
                }
                best = next
            }
            return best[0]
        }
    }

    /// Stage `t` from kept set `kept` to kept set `next`: cost and peak.
    private static func stage(_ graph: TrainingGraph, _ t: Int, kept: UInt32, next: UInt32) -> (cost: Double, peak: Int) {
        func has(_ set: UInt32, _ i: Int) -> Bool { set & (1 << i) != 0 }
        var computed: UInt32 = 1 << t | (next & ~kept)
        for k in stride(from: t, through: 0, by: -1) where has(computed, k) {
            for i in graph.nodes[k].inputs where !has(kept, i) { computed |= 1 << i }
        }
        var lastUse = Array(repeating: -1, count: graph.count)
        for k in 0...t where has(computed, k) {
            for i in graph.nodes[k].inputs { lastUse[i] = k }
        }
        var live = kept
        for i in 0..<t where has(live, i) && lastUse[i] < 0 && !has(next, i) { live &= ~(1 << i) }
        var cost = 0.0
        var peak = 0
        func memory(_ set: UInt32) -> Int {
            (0..<graph.count).reduce(graph.constantMemory) { has(set, $1) ? $0 + graph.nodes[$1].memory : $0 }
        }
        for k in 0...t where has(computed, k) {
            peak = max(peak, memory(live) + graph.nodes[k].workspace + graph.nodes[k].memory)
            cost += graph.nodes[k].cost
            live |= 1 << k
            for i in graph.nodes[k].inputs + [k] where lastUse[i] <= k && !has(next, i) { live &= ~(1 << i) }
        }
        return (cost, peak)
    }

    /// The cheapest schedule of any form within `budget`: Dijkstra over
    /// (live set, computed set) with compute and free moves. At most 10 nodes.
    static func anySchedule(_ graph: TrainingGraph, budget: Int) -> Double? {
        let n = graph.count
        precondition(n <= 10)
        let all = UInt32(1 << n) - 1
        func key(_ live: UInt32, _ done: UInt32) -> UInt32 { live << 10 | done }
        var distance: [UInt32: Double] = [key(0, 0): 0]
        var settled = Set<UInt32>()
        var frontier = Heap()
        frontier.push((0, 0, 0))
        while let (cost, live, done) = frontier.pop() {
            guard settled.insert(key(live, done)).inserted else { continue }
            if done == all { return cost }
            let used = (0..<n).reduce(graph.constantMemory) { live & (1 << $1) != 0 ? $0 + graph.nodes[$1].memory : $0 }
            for v in 0..<n {
                let bit = UInt32(1 << v)
                var moves: [(UInt32, UInt32, Double)] = []
                if live & bit != 0 {
                    moves.append((live & ~bit, done, 0))
                } else if graph.nodes[v].inputs.allSatisfy({ live & (1 << $0) != 0 }),
                          used + graph.nodes[v].workspace + graph.nodes[v].memory <= budget {
                    moves.append((live | bit, done | bit, graph.nodes[v].cost))
                }
                for (nextLive, nextDone, step) in moves where !settled.contains(key(nextLive, nextDone)) {
                    let total = cost + step
                    if total < distance[key(nextLive, nextDone)] ?? .infinity {
                        distance[key(nextLive, nextDone)] = total
                        frontier.push((total, nextLive, nextDone))
                    }
                }
            }
        }
        return nil
    }

    /// A binary min-heap of search states by cost.
    private struct Heap {
        typealias Entry = (cost: Double, live: UInt32, done: UInt32)
        private var entries: [Entry] = []

        mutating func push(_ entry: Entry) {
            entries.append(entry)
            var child = entries.count - 1
            while child > 0, entries[child].cost < entries[(child - 1) / 2].cost {
                entries.swapAt(child, (child - 1) / 2)
                child = (child - 1) / 2
            }
        }

        mutating func pop() -> Entry? {
            guard !entries.isEmpty else { return nil }
            entries.swapAt(0, entries.count - 1)
            let top = entries.removeLast()
            var parent = 0
            while true {
                let (left, right) = (2 * parent + 1, 2 * parent + 2)
                var least = parent
                if left < entries.count, entries[left].cost < entries[least].cost { least = left }
                if right < entries.count, entries[right].cost < entries[least].cost { least = right }
                guard least != parent else { return top }
                entries.swapAt(parent, least)
                parent = least
            }
        }
    }
}
