import Checkmate

/// A memory budget: a byte count, or a share of the checkpoint-all peak
/// that becomes one for a given graph.
///
///     Budget.shareOfCheckpointAll(0.6).bytes(for: graph)   // 60% of the peak, rounded down
public enum Budget: Hashable, Sendable {
    /// A number of bytes.
    case bytes(Int)
    /// A share of the peak of `CheckpointAll` on the graph (`0.6` for `60%`).
    case shareOfCheckpointAll(Double)

    /// The budget in bytes for `graph`.
    ///
    /// - Throws: ``BudgetError`` when a share of the peak is more than `ByteCount/limit` bytes.
    public func bytes(for graph: TrainingGraph) throws(BudgetError) -> Int {
        switch self {
        case .bytes(let bytes):
            return bytes
        case .shareOfCheckpointAll(let share):
            let bytes = (share * Double(CheckpointAll().peakMemory(of: graph))).rounded(.down)
            guard bytes <= Double(ByteCount.limit) else { throw Self.tooLarge(description) }
            return Int(bytes)
        }
    }

    /// The error for a budget above `ByteCount/limit`.
    public static func tooLarge(_ text: String) -> BudgetError {
        BudgetError(text: text, reason: "a budget may be at most \(ByteCount.limit) bytes (2^53 - 1, 8 PiB)")
    }
}

extension Budget: CustomStringConvertible {
    public var description: String {
        switch self {
        case .bytes(let bytes): "\(bytes) B"
        case .shareOfCheckpointAll(let share): "\(share * 100)% of the checkpoint-all peak"
        }
    }
}

/// Why a budget argument was rejected.
public struct BudgetError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The argument as given.
    public var text: String
    public var reason: String

    public init(text: String, reason: String) {
        self.text = text
        self.reason = reason
    }

    public var description: String { "invalid budget '\(text)': \(reason)" }
}
