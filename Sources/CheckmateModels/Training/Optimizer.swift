/// The optimizer whose state a training step keeps beside the parameters.
public enum Optimizer: String, Hashable, Sendable, CaseIterable {
    /// Plain stochastic gradient descent: no state.
    case sgd
    /// SGD with momentum: one velocity per parameter.
    case momentum
    /// Adam: first and second moments per parameter.
    case adam

    /// Tensors of parameter size the optimizer keeps.
    public var stateCount: Int {
        switch self {
        case .sgd: 0
        case .momentum: 1
        case .adam: 2
        }
    }
}
