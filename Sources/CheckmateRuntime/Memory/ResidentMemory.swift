import Foundation

/// The process's peak resident memory as the kernel counts it (`getrusage`).
enum ResidentMemory {
    /// The peak resident set size so far, in bytes.
    static func peak() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss) * 1024   // kilobytes on Linux
    }

    /// Lowers the recorded peak to the current resident size, so that
    /// ``peak()`` then measures what follows (Linux: `/proc/self/clear_refs`).
    /// Returns whether the system allowed it.
    @discardableResult
    static func resetPeak() -> Bool {
        let descriptor = open("/proc/self/clear_refs", O_WRONLY)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return write(descriptor, "5", 1) == 1
    }
}
