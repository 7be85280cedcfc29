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
