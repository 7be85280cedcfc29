import Checkmate

extension ReplayError {
    /// The error with nodes named by their graph-file id and name, as a user reads them.
    public func description(in graph: TrainingGraph) -> String {
        func node(_ i: Int) -> String {
            guard i >= 0, i < graph.count else { return "index \(i)" }
            return "\(graph.nodes[i].id) ('\(graph.nodes[i].name)')"
        }
        switch self {
        case .unknownNode(let step, let i):
            return "step \(step): node index \(i) is not in the graph"
        case .inputNotLive(let step, let v, let input):
            return "step \(step): compute node \(node(v)) needs input \(node(input)), which is not in memory"
        case .alreadyLive(let step, let v):
            return "step \(step): compute node \(node(v)), whose output is already in memory"
        case .freeNotLive(let step, let v):
            return "step \(step): free node \(node(v)), which is not in memory"
        case .neverComputed(let v):
            return "node \(node(v)) is never computed"
        }
    }
}
