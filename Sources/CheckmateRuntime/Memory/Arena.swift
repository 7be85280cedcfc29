import Foundation

/// One block of memory, mapped before a step and fixed in size, that holds
/// everything a training step touches: the constant memory, every node's
/// output and workspace, and the kernels' scratch space.
///
/// The block is anonymous memory that the operating system backs with pages
/// only when they are first touched, followed by a page that faults on any
/// access, so a kernel that runs past the end stops the process instead of
/// corrupting it. ``highestTouchedOffset()`` asks the operating system which
/// pages are resident: the measured counterpart of a plan's size.
///
/// Invariant: `base` is page-aligned and `capacity` bytes from it are
/// readable and writable until the arena is released.
///
///     let arena = try Arena(capacity: plan.size)
///     try arena.reserve(offset: plan.offset, bytes: 4096, for: "conv1")
final class Arena {
    let base: UnsafeMutableRawPointer
    /// Bytes usable from `base`.
    let capacity: Int
    private let mappedBytes: Int

    /// Maps `capacity` bytes and a guard page.
    ///
    /// - Throws: ``ArenaError/cannotMap(bytes:reason:)`` when the system refuses.
    init(capacity: Int) throws(ArenaError) {
        precondition(capacity >= 0)
        let page = Self.pageSize
        let usable = (capacity + page - 1) / page * page
        let mapped = usable + page
        let address = mmap(nil, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        guard let address, address != MAP_FAILED else {
            throw .cannotMap(bytes: capacity, reason: String(cString: strerror(errno)))
        }
        guard mprotect(address + usable, page, PROT_NONE) == 0 else {
            munmap(address, mapped)
            throw .cannotMap(bytes: capacity, reason: String(cString: strerror(errno)))
        }
        self.base = address
        self.capacity = capacity
        self.mappedBytes = mapped
    }

    deinit {
        munmap(base, mappedBytes)
    }

    static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// Checks that `bytes` from `offset` lie inside the arena.
    ///
    /// - Throws: ``ArenaError/doesNotFit(name:offset:bytes:capacity:)`` naming the tensor.
    func reserve(offset: Int, bytes: Int, for name: @autoclosure () -> String) throws(ArenaError) {
        guard offset >= 0, offset + bytes <= capacity else {
            throw .doesNotFit(name: name(), offset: offset, bytes: bytes, capacity: capacity)
        }
    }

    /// One past the last byte of the highest page the process has touched,
    /// by the operating system's count of resident pages (`mincore`); 0 when none.
    func highestTouchedOffset() -> Int {
        let page = Self.pageSize
        let pages = (capacity + page - 1) / page
        guard pages > 0 else { return 0 }
        var resident = [UInt8](repeating: 0, count: pages)
        guard mincore(base, pages * page, &resident) == 0 else { return capacity }
        guard let last = resident.lastIndex(where: { $0 & 1 != 0 }) else { return 0 }
        return min((last + 1) * page, capacity)
    }
}

/// Why the arena could not hold a tensor.
public enum ArenaError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The system would not map the arena.
    case cannotMap(bytes: Int, reason: String)
    /// A tensor's planned place runs past the arena's end.
    case doesNotFit(name: String, offset: Int, bytes: Int, capacity: Int)

    public var description: String {
        switch self {
        case .cannotMap(let bytes, let reason):
            "cannot map an arena of \(bytes) bytes: \(reason)"
        case .doesNotFit(let name, let offset, let bytes, let capacity):
            "\(name) does not fit: \(bytes) bytes at offset \(offset) end at \(offset + bytes), "
                + "past the arena's \(capacity) bytes"
        }
    }
}
