import Checkmate

/// Why a schedule could not be executed.
public enum ExecutionError: Error, Hashable, Sendable {
    /// The schedule breaks a rule of the replay, named by step and node index.
    case invalidSchedule(ReplayError)
}

extension ExecutionError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .invalidSchedule(let error): "invalid schedule: \(error)"
        }
    }
}
