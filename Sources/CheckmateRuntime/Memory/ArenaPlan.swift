import Checkmate

/// Where each tensor of one schedule lives in the arena: a static plan made
/// before the step, from the lifetimes the schedule gives.
///
/// The constant memory sits at offset 0. Every `compute` of a node allocates
/// its output, live until the schedule frees it (or to the end), and its
/// workspace, live while it runs; each allocation is rounded up to
/// ``alignment`` bytes. Allocations are placed one by one, each in a gap
/// that holds it among the allocations whose lifetimes overlap its own: the
/// smallest such gap (best fit) or the lowest (first fit), in four orders
/// (largest first, ties by lifetime or schedule position; longest-lived
/// first), and the smallest plan stands. So ``size`` is the largest memory the
/// schedule holds at once, rounded to the alignment, plus fragmentation.
///
/// - Complexity: O(a²) for `a` allocations (two per compute step).
///
///     let plan = ArenaPlan(schedule, outputBytes: { graph.nodes[$0].memory },
///                          workspaceBytes: { graph.nodes[$0].workspace }, constantBytes: graph.constantMemory)
///     plan.size >= replay.peakMemory   // true
struct ArenaPlan {
    /// Byte alignment of every allocation: a cache line, the widest vector load.
    static let alignment = 64

    /// For each step that computes a node: the offset of its output.
    private(set) var outputOffsets: [Int]
    /// For each step that computes a node: the offset of its workspace.
    private(set) var workspaceOffsets: [Int]
    /// Bytes from offset 0 to the end of the highest allocation.
    private(set) var size: Int
    /// The most bytes live at once, each allocation rounded to the alignment:
    /// `size` minus this is the plan's fragmentation.
    private(set) var liveBytes: Int

    init(_ schedule: Schedule, outputBytes: (Int) -> Int, workspaceBytes: (Int) -> Int, constantBytes: Int) {
        struct Allocation {
            var step: Int, isOutput: Bool, bytes: Int, start: Int, end: Int
        }
        let steps = schedule.steps
        var allocations: [Allocation] = []
        var open: [Int: Int] = [:]   // node -> index of its live output allocation
        for (t, step) in steps.enumerated() {
            switch step {
            case .compute(let v):
                allocations.append(Allocation(step: t, isOutput: true, bytes: Self.aligned(outputBytes(v)), start: t,
                                              end: steps.count))
                open[v] = allocations.count - 1
                allocations.append(Allocation(step: t, isOutput: false, bytes: Self.aligned(workspaceBytes(v)),
                                              start: t, end: t + 1))
            case .free(let v):
                if let index = open.removeValue(forKey: v) { allocations[index].end = t }
            }
        }
        let base = Self.aligned(constantBytes)
        // Orders to place in, each tried first fit and best fit; the smallest plan stands. Largest first
        // with long lifetimes breaking ties does best on rematerializing schedules, where many tensors share a size.
        let spans = allocations.map { (bytes: $0.bytes, life: $0.end - $0.start, start: $0.start) }
        let nonEmpty = allocations.indices.filter { spans[$0].bytes > 0 }
        let orders: [[Int]] = [
            nonEmpty.sorted { (spans[$0].bytes, spans[$0].life) > (spans[$1].bytes, spans[$1].life) },
            nonEmpty.sorted { (spans[$0].bytes, spans[$0].start) > (spans[$1].bytes, spans[$1].start) },
            nonEmpty.sorted { (spans[$0].bytes, -spans[$0].start) > (spans[$1].bytes, -spans[$1].start) },
            nonEmpty.sorted { (spans[$0].life, spans[$0].bytes) > (spans[$1].life, spans[$1].bytes) },
        ]
        let intervals = allocations.map { (start: $0.start, end: $0.end, bytes: $0.bytes) }
        var (offsets, top) = ([Int](), Int.max)
        for order in orders {
            for bestFit in [false, true] {
                let (candidate, candidateTop) = Self.place(intervals, order: order, base: base, bestFit: bestFit)
                if candidateTop < top { (offsets, top) = (candidate, candidateTop) }
            }
        }
        var outputs = Array(repeating: base, count: steps.count)
        var workspaces = Array(repeating: base, count: steps.count)
        for (index, a) in allocations.enumerated() {
            if a.isOutput { outputs[a.step] = offsets[index] } else { workspaces[a.step] = offsets[index] }
        }
        var change = Array(repeating: 0, count: steps.count + 1)
        for a in allocations {
            change[a.start] += a.bytes
            change[a.end] -= a.bytes
        }
        var (live, most) = (0, 0)
        for delta in change {
            live += delta
            most = max(most, live)
        }
        self.outputOffsets = outputs
        self.workspaceOffsets = workspaces
        self.size = top
        self.liveBytes = base + most
    }

    /// Places `allocations` (start, end, bytes) one by one in `order`, each in
    /// the lowest (first fit) or smallest (best fit) gap above `base` that holds
    /// it among those already placed whose lifetimes overlap its own, or above
    /// them all: each one's offset (`base` for those not in `order`) and the end of the highest.
    private static func place(_ allocations: [(start: Int, end: Int, bytes: Int)], order: [Int], base: Int,
                              bestFit: Bool) -> ([Int], Int) {
        var placed: [(start: Int, end: Int, offset: Int, bytes: Int)] = []
        var offsets = Array(repeating: base, count: allocations.count)
        var top = base
        for index in order {
            let a = allocations[index]
            let neighbours = placed.filter { $0.start < a.end && a.start < $0.end }.sorted { $0.offset < $1.offset }
            var best: (offset: Int, gap: Int)?
            var cursor = base
            for n in neighbours {
                let gap = n.offset - cursor
                if gap >= a.bytes, best == nil || (bestFit && gap < best!.gap) { best = (cursor, gap) }
                cursor = max(cursor, n.offset + n.bytes)
            }
            let offset = best?.offset ?? cursor
            offsets[index] = offset
            placed.append((a.start, a.end, offset, a.bytes))
            top = max(top, offset + a.bytes)
        }
        return (offsets, top)
    }

    /// `bytes` rounded up to the alignment.
    static func aligned(_ bytes: Int) -> Int {
        (bytes + alignment - 1) / alignment * alignment
    }
}
