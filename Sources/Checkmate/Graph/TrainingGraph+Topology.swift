extension TrainingGraph {
    /// Indices of the forward nodes, ascending.
    public var forwardNodes: [Int] {
        nodes.indices.filter { nodes[$0].kind == .forward }
    }

    /// The index of the first loss node, if the graph has one.
    public var lossIndex: Int? {
        nodes.firstIndex { $0.kind == .loss }
    }

    /// Articulation points of the forward part: forward nodes whose removal
    /// splits the forward graph (edges taken as undirected) into more pieces.
    ///
    /// In a chain every node but the two ends is one. Checkpointing baselines
    /// use them as segment boundaries on graphs that are not chains.
    public var articulationPoints: [Int] {
        let forward = forwardNodes
        let isForward = Set(forward)
        var neighbours = [Int: [Int]]()
        for v in forward {
            for u in nodes[v].inputs where isForward.contains(u) {
                neighbours[v, default: []].append(u)
                neighbours[u, default: []].append(v)
            }
        }
        // Iterative Tarjan: discovery times and low links over a DFS forest.
        var discovery = [Int: Int]()
        var low = [Int: Int]()
        var points = Set<Int>()
        var time = 0
        for root in forward where discovery[root] == nil {
            discovery[root] = time; low[root] = time; time += 1
            var rootChildren = 0
            var stack: [(vertex: Int, parent: Int, next: Int)] = [(root, -1, 0)]
            while let top = stack.last {
                let adjacent = neighbours[top.vertex] ?? []
                if top.next < adjacent.count {
                    stack[stack.count - 1].next += 1
                    let w = adjacent[top.next]
                    if discovery[w] == nil {
                        discovery[w] = time; low[w] = time; time += 1
                        if top.vertex == root { rootChildren += 1 }
                        stack.append((w, top.vertex, 0))
                    } else if w != top.parent {
                        low[top.vertex] = min(low[top.vertex]!, discovery[w]!)
                    }
                } else {
                    stack.removeLast()
                    guard let parent = stack.last?.vertex else { continue }
                    low[parent] = min(low[parent]!, low[top.vertex]!)
                    if parent != root, low[top.vertex]! >= discovery[parent]! {
                        points.insert(parent)
                    }
                }
            }
            if rootChildren > 1 { points.insert(root) }
        }
        return points.sorted()
    }

    /// The same graph with its nodes in another topological order.
    ///
    /// - Parameter order: every index of `nodes` once, each node after its inputs.
    /// - Returns: nil when `order` is not a topological order of this graph.
    public func reordered(_ order: [Int]) -> TrainingGraph? {
        guard order.count == count, Set(order).count == count else { return nil }
        var position = Array(repeating: -1, count: count)
        for (newIndex, old) in order.enumerated() {
            guard old >= 0, old < count else { return nil }
            position[old] = newIndex
        }
        let renumbered = order.map { old -> Node in
            var node = nodes[old]
            node.inputs = node.inputs.map { position[$0] }
            return node
        }
        return try? TrainingGraph(
            name: name, costUnit: costUnit, constantMemory: constantMemory, nodes: renumbered)
    }
}
