import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// This executable run again with other arguments, as a process of its own,
/// so that what the run holds in memory is measured where it happens: the
/// kernel's peak resident set of that process (`wait4`'s `ru_maxrss`).
struct ChildProcess {
    /// What the child printed to standard output (its standard error is this process's).
    var output: String
    /// The child's exit status (128 + the signal when a signal ended it).
    var status: Int32
    /// The most bytes the child held resident at once.
    var peakResidentBytes: Int

    /// Runs `executable` (default: this one) with `arguments` and waits for it.
    ///
    /// - Throws: ``ChildProcess/Failure`` when the process cannot be started.
    static func run(_ arguments: [String], executable: String = executablePath) throws(Failure) -> ChildProcess {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw Failure(reason: "no pipe: \(String(cString: strerror(errno)))") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        posix_spawn_file_actions_addclose(&actions, fds[1])
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        close(fds[1])
        guard spawned == 0 else {
            close(fds[0])
            throw Failure(reason: "\(executable) did not start: \(String(cString: strerror(spawned)))")
        }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = read(fds[0], &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += buffer[0..<count]
        }
        close(fds[0])
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0, errno == EINTR {}
        // The wait status: the exit code in bits 8-15 when the low 7 bits (the signal) are zero.
        let code = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return ChildProcess(output: String(decoding: bytes, as: UTF8.self), status: code,
                            peakResidentBytes: Int(usage.ru_maxrss) * 1024)
    }

    /// The path of the running executable.
    static var executablePath: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// Why a child process could not be run.
    struct Failure: Error, CustomStringConvertible {
        var reason: String
        var description: String { reason }
    }
}
