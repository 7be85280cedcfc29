import Checkmate

/// Why a schedule could not be executed.
public enum ExecutionError: Error, Hashable, Sendable {
    /// The schedule breaks a rule of the replay, named by step and node index.
    case invalidSchedule(ReplayError)
    /// The arena could not be mapped, or a tensor does not fit in it.
    case arena(ArenaError)
}

extension ExecutionError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .invalidSchedule(let error): "invalid schedule: \(error)"
        case .arena(let error): "out of memory: \(error)"
        }
    }
}
