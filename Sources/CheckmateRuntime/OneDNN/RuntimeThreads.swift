import COpenBLAS
import Foundation

/// The threads the runtime's kernels use: oneDNN's OpenMP team and OpenBLAS's.
///
/// Both default to one per processor. On a machine shared with other work, a
/// team of two whose threads wait for each other at every primitive runs far
/// slower than one thread; a single thread also makes timings steadier.
public enum RuntimeThreads {
    /// Uses at most `count` threads in each library, for primitives created after the call.
    public static func limit(to count: Int) {
        typealias SetThreads = @convention(c) (Int32) -> Void
        // OpenMP is loaded as oneDNN's dependency; its entry point is looked up, not linked.
        if let symbol = dlsym(nil, "omp_set_num_threads") {
            unsafeBitCast(symbol, to: SetThreads.self)(Int32(count))
        }
        openblas_set_num_threads(Int32(count))
    }
}
