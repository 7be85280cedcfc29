import Dispatch
import Synchronization

/// Runs `body` for each index in `0..<count` on up to `workers` threads,
/// each taking the next index as it becomes free; returns when all are done.
func forEachConcurrently(_ count: Int, workers: Int, _ body: @Sendable (Int) -> Void) {
    let next = Mutex(0)
    DispatchQueue.concurrentPerform(iterations: max(1, min(workers, count))) { _ in
        while let index = next.withLock({ next -> Int? in
            defer { next += 1 }
            return next < count ? next : nil
        }) {
            body(index)
        }
    }
}
