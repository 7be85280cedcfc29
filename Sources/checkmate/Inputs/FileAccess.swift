import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reading the files the command line is given and writing the files it is
/// told to write, with errors that name the file and say what is wrong.
///
/// Reading takes regular files only (a device or a pipe could hang or never
/// end). Writing replaces a regular file atomically (a new file renamed over
/// it, so a failed write leaves the old one); through a symbolic link it
/// writes the file the link names, and to a character device (`/dev/null`,
/// `/dev/stdout`) it writes in place, reporting a failed write; it refuses
/// directories, pipes and sockets.
public enum FileAccess {
    /// The bytes of the regular file at `path`.
    ///
    /// - Throws: ``InputError`` of kind ``InputError/Kind/unreadable``.
    public static func read(_ path: String) throws(InputError) -> Data {
        var info = stat()
        guard stat(path, &info) == 0 else { throw failure(.unreadable, path, "cannot be read") }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw InputError(.unreadable, source: path, message: "is \(kind(info.st_mode)), not a regular file")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw failure(.unreadable, path, "cannot be read") }
        defer { try? handle.close() }
        do {
            return try handle.readToEnd() ?? Data()
        } catch {
            throw InputError(.unreadable, source: path, message: "cannot be read (\(error.localizedDescription))")
        }
    }

    /// Writes `data` to `path` (see the type's rules).
    ///
    /// - Throws: ``InputError`` of kind ``InputError/Kind/unwritable``.
    public static func write(_ data: Data, to path: String) throws(InputError) {
        var info = stat()
        let exists = lstat(path, &info) == 0
        let type = info.st_mode & S_IFMT
        if exists, type == S_IFLNK || type == S_IFCHR {
            var target = stat()
            if type == S_IFLNK, stat(path, &target) == 0, target.st_mode & S_IFMT != S_IFREG, target.st_mode & S_IFMT != S_IFCHR {
                throw InputError(.unwritable, source: path, message: "links to \(kind(target.st_mode)); write to a regular file")
            }
            try writeInPlace(data, to: path)
            return
        }
        if exists, type != S_IFREG {
            throw InputError(.unwritable, source: path, message: "is \(kind(info.st_mode)); write to a regular file")
        }
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw InputError(.unwritable, source: path, message: "cannot be written (\(error.localizedDescription))")
        }
    }

    private static func writeInPlace(_ data: Data, to path: String) throws(InputError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw failure(.unwritable, path, "cannot be written") }
        var failed: Int32 = 0
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failed = errno
                    return
                }
                offset += written
            }
        }
        if close(descriptor) != 0, failed == 0 { failed = errno }
        guard failed == 0 else {
            throw InputError(.unwritable, source: path, message: "cannot be written (\(String(cString: strerror(failed))))")
        }
    }

    /// The error for the last failed system call on `path`.
    private static func failure(_ kind: InputError.Kind, _ path: String, _ what: String) -> InputError {
        let reason = errno == ENOENT ? "no such file" : "\(what) (\(String(cString: strerror(errno))))"
        return InputError(kind, source: path, message: reason)
    }

    /// What a file of `mode` is, for messages.
    private static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: "a directory"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFIFO: "a pipe"
        case S_IFSOCK: "a socket"
        case S_IFLNK: "a symbolic link"
        default: "not a regular file"
        }
    }
}
