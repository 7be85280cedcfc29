/// Why a network cannot be made into a runnable training step.
public enum ProgramError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The runtime has no kernel for this layer's operation or its shapes.
    case unsupported(layer: String, reason: String)
    /// The graph's rules keep other forward tensors for a layer's backward
    /// pass than its kernel reads, or budget other workspace than it needs.
    case rulesDisagree(layer: String, reason: String)
    /// oneDNN refused a primitive.
    case library(layer: String, error: DNNLError)
    /// The network has no training graph.
    case network(String)

    public var description: String {
        switch self {
        case .unsupported(let layer, let reason): "layer '\(layer)': the runtime cannot run it: \(reason)"
        case .rulesDisagree(let layer, let reason): "layer '\(layer)': the graph's rules and the kernel disagree: \(reason)"
        case .library(let layer, let error): "layer '\(layer)': \(error)"
        case .network(let reason): reason
        }
    }
}
