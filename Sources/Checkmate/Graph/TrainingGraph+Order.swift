import HeapModule

/// Choosing the topological order that the stage formulations follow.
///
/// Stage `t` of Checkmate's formulation first computes node `t`, so the
/// order is fixed before the solver starts; on graphs with parallel branches
/// a different order can lower the optimum (docs/formulation.md, "The order").
extension TrainingGraph {
    /// The peak of computing every node once in `order` and freeing each
    /// output right after its last user (or, for a sink, right after it is
    /// computed): the checkpoint-all peak for that order.
    ///
    /// - Parameter order: a topological order of the node indices (nil: the graph's own).
    /// - Complexity: O(*n* + *e*).
    public func checkpointAllPeak(order: [Int]? = nil) -> Int {
        let order = order ?? Array(nodes.indices)
        var remainingUsers = users.map(\.count)
        var memory = constantMemory
        var peak = constantMemory
        for v in order {
            peak = max(peak, memory + nodes[v].workspace + nodes[v].memory)
            memory += nodes[v].memory
            for i in nodes[v].inputs {
                remainingUsers[i] -= 1
                if remainingUsers[i] == 0 { memory -= nodes[i].memory }
            }
            if users[v].isEmpty { memory -= nodes[v].memory }
        }
        return peak
    }

    /// The order with the lowest ``checkpointAllPeak(order:)`` among the
    /// graph's own, a depth-first order and a memory-greedy order; ties keep
    /// the earlier candidate, so a chain keeps its order.
    ///
    /// The depth-first order finishes each branch before it starts the next;
    /// the greedy order always computes next the ready node that leaves the
    /// least memory in use.
    public var lowPeakOrder: [Int] {
        let candidates = [Array(nodes.indices), depthFirstOrder, memoryGreedyOrder]
        let peaks = candidates.map { checkpointAllPeak(order: $0) }
        return candidates[peaks.indices.min { peaks[$0] < peaks[$1] }!]
    }

    /// Post-order of a depth-first search from each sink, inputs in index
    /// order: every node comes after its inputs, and a branch is finished
    /// before the next is started.
    var depthFirstOrder: [Int] {
        var order: [Int] = []
        order.reserveCapacity(count)
        var visited = Array(repeating: false, count: count)
        for sink in nodes.indices where users[sink].isEmpty {
            var stack: [(node: Int, next: Int)] = [(sink, 0)]
            visited[sink] = true
            while let top = stack.last {
                let inputs = nodes[top.node].inputs
                if top.next < inputs.count {
                    stack[stack.count - 1].next += 1
                    let input = inputs[top.next]
                    if !visited[input] {
                        visited[input] = true
                        stack.append((input, 0))
                    }
                } else {
                    stack.removeLast()
                    order.append(top.node)
                }
            }
        }
        return order
    }

    /// List scheduling that computes, among the nodes whose inputs are all
    /// computed, the one after which the least memory is in use (ties: the
    /// lower peak while it runs, then the lower index).
    ///
    /// - Complexity: O((*n* + *e*) log *n*): a ready node's key only falls,
    ///   when an input of it is left with no other user, and is then pushed again.
    var memoryGreedyOrder: [Int] {
        struct Key: Comparable {
            var after: Int
            var running: Int
            var node: Int
            static func < (a: Key, b: Key) -> Bool { (a.after, a.running, a.node) < (b.after, b.running, b.node) }
        }
        var remainingUsers = users.map(\.count)
        var waiting = nodes.map(\.inputs.count)
        var done = Array(repeating: false, count: count)
        func key(_ v: Int) -> Key {
            let released = nodes[v].inputs.reduce(0) { remainingUsers[$1] == 1 ? $0 + nodes[$1].memory : $0 }
            let kept = users[v].isEmpty ? 0 : nodes[v].memory
            return Key(after: kept - released, running: nodes[v].workspace + nodes[v].memory, node: v)
        }
        var ready = Heap(nodes.indices.filter { waiting[$0] == 0 }.map(key))
        var order: [Int] = []
        order.reserveCapacity(count)
        while let entry = ready.popMin() {
            let next = entry.node
            guard !done[next], entry == key(next) else { continue }
            done[next] = true
            order.append(next)
            for i in nodes[next].inputs {
                remainingUsers[i] -= 1
                // The last user of i now frees it: its key falls.
                if remainingUsers[i] == 1, let last = users[i].first(where: { !done[$0] }), waiting[last] == 0 {
                    ready.insert(key(last))
                }
            }
            for u in users[next] {
                waiting[u] -= 1
                if waiting[u] == 0 { ready.insert(key(u)) }
            }
        }
        return order
    }
}
