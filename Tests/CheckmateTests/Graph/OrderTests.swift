import Testing
@testable import Checkmate

@Suite struct OrderTests {
    /// The greedy order as it is defined: at each step, the ready node with
    /// the least memory in use after it, then the lower peak, then the lower index.
    static func greedyByDefinition(_ graph: TrainingGraph) -> [Int] {
        var remaining = graph.users.map(\.count)
        var done = Array(repeating: false, count: graph.count)
        var order: [Int] = []
        while order.count < graph.count {
            let ready = graph.nodes.indices.filter { v in !done[v] && graph.nodes[v].inputs.allSatisfy { done[$0] } }
            let key = { (v: Int) -> (Int, Int, Int) in
                let released = graph.nodes[v].inputs.reduce(0) { remaining[$1] == 1 ? $0 + graph.nodes[$1].memory : $0 }
                let kept = graph.users[v].isEmpty ? 0 : graph.nodes[v].memory
                return (kept - released, graph.nodes[v].workspace + graph.nodes[v].memory, v)
            }
            let next = ready.min { key($0) < key($1) }!
            done[next] = true
            order.append(next)
            for i in graph.nodes[next].inputs { remaining[i] -= 1 }
        }
        return order
    }

    @Test(arguments: 0..<30)
    func theGreedyOrderFollowsItsDefinition(seed: Int) {
        let graph = TrainingGraph.random(forwardCount: 10 + seed, width: 1 + seed % 5, seed: UInt64(seed))
        #expect(graph.memoryGreedyOrder == Self.greedyByDefinition(graph))
    }
}
