import Synchronization

/// The outcomes of the last few runs of a pure function, kept process-wide
/// so that callers that repeat its arguments (a solve's strategies, each
/// checking the same budget) do not repeat its work.
///
/// Invariant: at most `capacity` entries, the latest first; each value is
/// what `compute` returned for its key, so a lookup changes no result.
///
///     static let proofs = RecentOutcomes<Key, PeakProof?>(capacity: 8)
///     let proof = Self.proofs.value(for: key) { (search(key), keep: true) }
final class RecentOutcomes<Key: Equatable & Sendable, Value: Sendable>: Sendable {
    private let entries = Mutex<[(key: Key, value: Value)]>([])
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The value kept for `key`, or else `compute()`'s, which is then kept
    /// if `compute` says so (a run cut short by the clock is not the function's value).
    ///
    /// - Complexity: O(`capacity`) comparisons of keys, plus `compute` when the key is new.
    func value(for key: Key, compute: () -> (value: Value, keep: Bool)) -> Value {
        if let kept = entries.withLock({ entries in entries.first { $0.key == key } }) { return kept.value }
        let (value, keep) = compute()
        if keep { entries.withLock { entries in entries = [(key, value)] + entries.prefix(capacity - 1) } }
        return value
    }
}
