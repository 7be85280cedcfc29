/// Measures compute sequences (``ComputeSequence``) of one graph within a
/// budget: the cost, the peak and the overflow (the bytes above the budget,
/// summed over the compute steps), with buffers kept between calls.
///
/// Invariant: the numbers are those of the replay of the sequence's
/// schedule: a compute step at position `p` holds `M0`, its workspace, its
/// own output and every copy computed at `s < p` and last read at `e >= p`.
///
/// - Complexity: O(steps + reads + nodes) per evaluation.
struct SequenceEvaluator {
    /// What a valid sequence measures.
    struct Measure: Sendable {
        var cost: Double
        var peak: Int
        /// Bytes above the budget, summed over the compute steps; zero exactly when the sequence fits.
        var overflow: Double

        var fits: Bool { overflow == 0 }
    }

    /// The budget that overflow is measured against.
    let budget: Int
    let constantMemory: Int
    let inputs: [[Int]]
    let users: [[Int]]
    let memory: [Int]
    let workspace: [Int]
    let cost: [Double]
    /// ``inputs`` in one array, node `v`'s at `inputStart[v]..<inputStart[v + 1]`: measuring reads
    /// them for every step, and an array of arrays costs a reference count per read.
    private let inputList: [Int]
    private let inputStart: [Int]
    /// Scratch, by node: the position of its latest copy.
    private var latest: [Int]
    /// Scratch, by position: the last read of the copy computed there.
    private(set) var ends: [Int] = []
    /// Scratch, by position: the memory held while that step computes.
    private(set) var held: [Int] = []
    private var change: [Int] = []

    init(graph: TrainingGraph, budget: Int) {
        self.budget = budget
        constantMemory = graph.constantMemory
        inputs = graph.nodes.map(\.inputs)
        users = graph.users
        memory = graph.nodes.map(\.memory)
        workspace = graph.nodes.map(\.workspace)
        cost = graph.nodes.map(\.cost)
        inputList = inputs.flatMap { $0 }
        inputStart = inputs.reduce(into: [0]) { $0.append($0.last! + $1.count) }
        latest = Array(repeating: -1, count: graph.count)
    }

    /// The measure of `sequence`, or nil when it is invalid: an input not
    /// computed before its reader, or a node never computed. Afterwards
    /// ``ends`` and ``held`` describe `sequence`'s first `sequence.count`
    /// positions (up to the first invalid step when it is invalid).
    mutating func measure(_ sequence: [Int]) -> Measure? {
        let count = sequence.count
        for v in latest.indices { latest[v] = -1 }
        if ends.count < count {
            ends = Array(repeating: 0, count: count)
            held = Array(repeating: 0, count: count)
            change = Array(repeating: 0, count: count + 1)
        }
        var total = 0.0
        for p in 0..<count {
            let v = sequence[p]
            for i in inputStart[v]..<inputStart[v + 1] {
                let s = latest[inputList[i]]
                guard s >= 0 else { return nil }
                ends[s] = p
            }
            latest[v] = p
            ends[p] = p
            total += cost[v]
        }
        for position in latest where position < 0 { return nil }
        for p in 0...count { change[p] = 0 }
        for s in 0..<count {
            let bytes = memory[sequence[s]]
            change[s] += bytes
            change[ends[s] + 1] -= bytes
        }
        var running = constantMemory
        var peak = constantMemory
        var overflow = 0.0
        for p in 0..<count {
            running += change[p]
            let now = running + workspace[sequence[p]]
            held[p] = now
            peak = max(peak, now)
            if now > budget { overflow += Double(now - budget) }
        }
        return Measure(cost: total, peak: peak, overflow: overflow)
    }
}
