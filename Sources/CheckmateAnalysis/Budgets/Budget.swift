import Checkmate

/// A memory budget: a byte count, a share of the checkpoint-all peak or a
/// multiple of the memory lower bound, which become one for a given graph.
///
///     Budget.shareOfCheckpointAll(0.6).bytes(for: graph)          // 60% of the peak, rounded down
///     Budget.multipleOfMemoryLowerBound(1.1).bytes(for: graph)    // 1.1 times the memory lower bound
public enum Budget: Hashable, Sendable {
    /// A number of bytes.
    case bytes(Int)
    /// A share of the peak of `CheckpointAll` on the graph (`0.6` for `60%`).
    case shareOfCheckpointAll(Double)
    /// A multiple of the graph's `TrainingGraph/memoryLowerBound` (`1.1` for `1.1x`).
    case multipleOfMemoryLowerBound(Double)

    /// The budget in bytes for `graph`.
    ///
    /// - Throws: ``BudgetError`` when a share or a multiple is more than `ByteCount/limit` bytes.
    public func bytes(for graph: TrainingGraph) throws(BudgetError) -> Int {
        let reference = if case .shareOfCheckpointAll = self { CheckpointAll().peakMemory(of: graph) } else { 0 }
        return try bytes(reference: reference, memoryLowerBound: graph.memoryLowerBound)
    }

    /// The budget in bytes where `reference` is the checkpoint-all peak, rounded down.
    ///
    /// - Throws: ``BudgetError`` for more than `ByteCount/limit` bytes, or a
    ///   multiple of the memory lower bound when `memoryLowerBound` is nil.
    public func bytes(reference: Int, memoryLowerBound: Int?) throws(BudgetError) -> Int {
        let bytes: Double
        switch self {
        case .bytes(let count): return count
        case .shareOfCheckpointAll(let share): bytes = (share * Double(reference)).rounded(.down)
        case .multipleOfMemoryLowerBound(let multiple):
            guard let memoryLowerBound else {
                throw BudgetError(text: description, reason: "a multiple of the memory lower bound needs a graph")
            }
            bytes = (multiple * Double(memoryLowerBound)).rounded(.down)
        }
        guard bytes <= Double(ByteCount.limit) else { throw Self.tooLarge(description) }
        return Int(bytes)
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
        case .multipleOfMemoryLowerBound(let multiple): "\(multiple)x the memory lower bound"
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
