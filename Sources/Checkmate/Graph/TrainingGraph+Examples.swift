import Foundation

/// Graphs for examples, tests and benchmarks.
extension TrainingGraph {
    /// The paper's linear training graph: forward nodes `0..<length`, the
    /// loss, and backward node `2 * length - i` reading forward node `i`,
    /// the gradient before it, and forward node `i - 1` where there is one.
    public static func chain(length: Int, cost: Double = 1, memory: Int = 1) -> TrainingGraph {
        precondition(length > 0, "a chain needs at least one forward node")
        var nodes: [Node] = []
        for i in 0..<length {
            nodes.append(Node(id: i, name: "f\(i)", kind: .forward, cost: cost, memory: memory,
                              inputs: i > 0 ? [i - 1] : []))
        }
        nodes.append(Node(id: length, name: "loss", kind: .loss, cost: cost, memory: memory, inputs: [length - 1]))
        for i in stride(from: length - 1, through: 0, by: -1) {
            let index = 2 * length - i
            nodes.append(Node(id: index, name: "b\(i)", kind: .backward, cost: cost, memory: memory,
                              inputs: [index - 1, i] + (i > 0 ? [i - 1] : [])))
        }
        return try! TrainingGraph(name: "chain\(length)", costUnit: "units", nodes: nodes)
    }

    /// A random training graph: a forward DAG of `forwardCount` nodes in
    /// layers of up to `width`, each reading one to three nodes of the
    /// layers just before it, then the loss and one backward node per forward
    /// node, reading the gradients of its users and the forward values its
    /// gradient needs. Costs and memory are random whole numbers from 1 to 10.
    public static func random(forwardCount: Int, width: Int = 3, seed: UInt64) -> TrainingGraph {
        precondition(forwardCount > 0 && width > 0)
        var rng = SplitMix64(seed: seed)
        var layers: [[Int]] = []
        var forwardInputs: [[Int]] = []
        while forwardInputs.count < forwardCount {
            let size = min(Int.random(in: 1...width, using: &rng), forwardCount - forwardInputs.count)
            var layer: [Int] = []
            for _ in 0..<size {
                let recent = layers.suffix(2).flatMap { $0 }
                var inputs: [Int] = []
                if !recent.isEmpty {
                    for _ in 0..<Int.random(in: 1...3, using: &rng) {
                        let input = recent.randomElement(using: &rng)!
                        if !inputs.contains(input) { inputs.append(input) }
                    }
                }
                layer.append(forwardInputs.count)
                forwardInputs.append(inputs.sorted())
            }
            layers.append(layer)
        }
        var nodes: [Node] = []
        func add(_ name: String, _ kind: Node.Kind, _ inputs: [Int]) {
            nodes.append(Node(id: nodes.count, name: name, kind: kind,
                              cost: Double(Int.random(in: 1...10, using: &rng)),
                              memory: Int.random(in: 1...10, using: &rng), inputs: inputs))
        }
        for (i, inputs) in forwardInputs.enumerated() { add("f\(i)", .forward, inputs) }
        // Forward nodes that nothing else reads feed the loss.
        var forwardUsers = Array(repeating: [Int](), count: forwardCount)
        for (i, inputs) in forwardInputs.enumerated() { for u in inputs { forwardUsers[u].append(i) } }
        let loss = forwardCount
        add("loss", .loss, (0..<forwardCount).filter { forwardUsers[$0].isEmpty })
        var gradient = Array(repeating: -1, count: forwardCount)
        for i in stride(from: forwardCount - 1, through: 0, by: -1) {
            var inputs = forwardUsers[i].map { gradient[$0] }
            if forwardUsers[i].isEmpty { inputs.append(loss) }
            inputs += [i] + forwardInputs[i]
            gradient[i] = nodes.count
            add("b\(i)", .backward, inputs.sorted())
        }
        return try! TrainingGraph(name: "random\(forwardCount)-s\(seed)", costUnit: "units", nodes: nodes)
    }
}

extension TrainingGraph {
    /// A random layered DAG of `count` nodes, after the synthetic graphs of
    /// Gagrani et al., "Neural Topological Ordering for Computation Graphs"
    /// (NeurIPS 2022, Appendix A), which Moccasin (Bartan et al., ICML 2023)
    /// uses: nodes in 20 to 50 layers (at random, each layer at least one),
    /// each node reading one node of the layer before it and a Poisson number,
    /// of mean `0.9 * sqrt(width)`, of further inputs, each `d` layers back with
    /// probability `2^-d` (skip edges); a node that nothing would read gets a
    /// reader in the next layer. Costs are whole numbers from 0 to 999 and
    /// sizes from 10 to 8,180 bytes, uniformly. With these numbers 100 nodes
    /// have about 225 edges and 1,000 nodes about 5,700.
    ///
    /// The graph is the whole computation, as Moccasin treats it: every node is
    /// `forward`, and the nodes of the last layer are its sinks.
    ///
    ///     let graph = TrainingGraph.layered(count: 1000, seed: 1)
    public static func layered(count: Int, seed: UInt64) -> TrainingGraph {
        precondition(count > 0, "a layered graph needs at least one node")
        var rng = SplitMix64(seed: seed)
        let layerCount = min(count, Int.random(in: 20...50, using: &rng))
        var sizes = Array(repeating: 1, count: layerCount)
        for _ in layerCount..<count { sizes[Int.random(in: 0..<layerCount, using: &rng)] += 1 }
        var layers: [Range<Int>] = []
        for size in sizes {
            let start = layers.last?.upperBound ?? 0
            layers.append(start..<start + size)
        }
        // Knuth's method: the number of uniform factors before their product drops below e^-mean.
        let mean = 0.9 * Double(count).squareRoot() / Double(layerCount).squareRoot()
        let threshold = exp(-mean)
        func poisson() -> Int {
            var (k, product) = (0, Double.random(in: 0..<1, using: &rng))
            while product >= threshold { k += 1; product *= Double.random(in: 0..<1, using: &rng) }
            return k
        }
        var inputs = Array(repeating: Set<Int>(), count: count)
        var hasReader = Array(repeating: false, count: count)
        for l in 1..<layerCount {
            for v in layers[l] {
                inputs[v].insert(Int.random(in: layers[l - 1], using: &rng))
                for _ in 0..<poisson() {
                    var d = 1
                    while d < l, Bool.random(using: &rng) { d += 1 }
                    inputs[v].insert(Int.random(in: layers[l - d], using: &rng))
                }
                for u in inputs[v] { hasReader[u] = true }
            }
        }
        for l in 0..<layerCount - 1 {
            for u in layers[l] where !hasReader[u] { inputs[Int.random(in: layers[l + 1], using: &rng)].insert(u) }
        }
        let nodes = (0..<count).map { v in
            Node(id: v, name: "n\(v)", kind: .forward, cost: Double(Int.random(in: 0...999, using: &rng)),
                 memory: Int.random(in: 10...8180, using: &rng), inputs: inputs[v].sorted())
        }
        return try! TrainingGraph(name: "layered\(count)-s\(seed)", costUnit: "units", nodes: nodes)
    }
}
