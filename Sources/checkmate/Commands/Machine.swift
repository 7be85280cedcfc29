import Foundation

/// What the commands need to know about the machine they run on.
enum Machine {
    /// The processor cores this process may use.
    static var cores: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// `threads`, or this machine's cores when it asks for more (with a warning on stderr).
    static func cappedThreads(_ threads: Int) -> Int {
        guard threads > cores else { return threads }
        Terminal.note("warning: --threads \(threads) is more than the \(cores) cores of this machine; using \(cores)")
        return cores
    }

    /// The cores not busy now: all of them less the one-minute load average
    /// (from `/proc/loadavg`, where there is one), at least one.
    static func freeCores() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8),
              let load = text.split(separator: " ").first.flatMap({ Double($0) }) else { return cores }
        return max(1, min(cores, cores - Int(load.rounded())))
    }
}
