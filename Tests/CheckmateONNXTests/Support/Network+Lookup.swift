import Checkmate
import CheckmateModels

extension Network {
    /// The layer called `name`; fails the test (by trapping) when there is none.
    func layer(_ name: String) -> Layer {
        guard let index = index(named: name) else { preconditionFailure("no layer '\(name)' in \(layers.map(\.name))") }
        return layers[index]
    }

    /// The names of the layers `name` reads.
    func inputNames(of name: String) -> [String] {
        layer(name).inputs.map { layers[$0].name }
    }
}

extension TrainingGraph {
    /// The node called `name`.
    func node(_ name: String) -> Node? {
        nodes.first { $0.name == name }
    }

    /// The names of the nodes `name` reads, sorted.
    func inputNames(of name: String) -> [String] {
        (node(name)?.inputs ?? []).map { nodes[$0].name }.sorted()
    }
}
