import Checkmate
import CheckmateModels

/// Whether a node's run depends on one part of one of its inputs.
struct PartRead: Hashable {
    /// The node that reads, and the node whose output holds the part.
    var reader: Int, holder: Int
    var part: TrainingStep.Part
    /// Whether changing the part changed what the reader wrote.
    var isRead: Bool
}

extension TrainingProgram {
    /// Measures what every kernel reads: runs the checkpoint-all schedule
    /// once and, at each node, reruns its kernels once per part of each of its
    /// inputs with that part changed (values and gradients by noise, a mask's
    /// bytes flipped, a pooling's maxima's positions all set to the window's
    /// first), comparing what the node writes (its output, the parameters'
    /// gradients, the loss) with the first run, then restores the part and
    /// reruns the node unchanged; the last run must equal the first, bit for
    /// bit, or the kernel is not deterministic.
    ///
    /// Changing positions to the window's first is valid only for poolings
    /// without padding, which the callers' networks use.
    ///
    /// Before the first run the node's output is filled with bytes `0xFF`
    /// (a NaN as a float, no valid position or mask byte): a part that still
    /// holds one afterwards was not written.
    ///
    /// - Returns: every part of every input of every node, with whether it was
    ///   read; the parts of each node's output it left unwritten; the nodes
    ///   whose rerun differed from their first run.
    func measureReads() throws -> (reads: [PartRead], unwritten: [(node: Int, part: TrainingStep.Part)], nondeterministic: [Int]) {
        let session = try ExecutionSession(self, schedule: CheckpointAll().schedule(for: graph))
        let (schedule, nodes, constants) = (session.schedule, graph.nodes, session.constants)
        var buffers = [UnsafeMutableRawPointer?](repeating: nil, count: graph.count)
        var reads: [PartRead] = []
        var nondeterministic: [Int] = []
        var unwritten: [(node: Int, part: TrainingStep.Part)] = []
        let gradientBytes = layout.parameterFloats * 4
        for (t, scheduleStep) in schedule.steps.enumerated() {
            guard case .compute(let v) = scheduleStep else { continue }
            let memory = session.memory(step: t, node: v, buffers: buffers)
            func written() -> [UInt8] {
                Array(UnsafeRawBufferPointer(start: memory.output, count: nodes[v].memory))
                    + Array(UnsafeRawBufferPointer(start: constants.gradients, count: gradientBytes))
                    + withUnsafeBytes(of: loss.value.bitPattern) { Array($0) }
            }
            memory.output.initializeMemory(as: UInt8.self, repeating: 0xFF, count: nodes[v].memory)
            kernels[v].run(memory)
            for part in step.parts[v] {
                let bytes = UnsafeRawBufferPointer(start: memory.output + part.offset, count: part.bytes)
                let untouched = part.kind == .value || part.kind == .gradient
                    ? bytes.bindMemory(to: UInt32.self).contains(0xFFFF_FFFF) : bytes.contains(0xFF)
                if untouched { unwritten.append((v, part)) }
            }
            let first = written()
            for (position, u) in nodes[v].inputs.enumerated() {
                for part in step.parts[u] {
                    let bytes = UnsafeMutableRawBufferPointer(start: memory.inputs[position] + part.offset, count: part.bytes)
                    let saved = Array(bytes)
                    change(bytes, part.kind)
                    kernels[v].run(memory)
                    reads.append(PartRead(reader: v, holder: u, part: part, isRead: written() != first))
                    bytes.copyBytes(from: saved)
                }
            }
            kernels[v].run(memory)
            if written() != first { nondeterministic.append(v) }
            buffers[v] = memory.output
        }
        return (reads, unwritten, nondeterministic)
    }

    /// Changes the bytes of a part in a way its readers cannot miss.
    private func change(_ bytes: UnsafeMutableRawBufferPointer, _ kind: TrainingStep.Part.Kind) {
        switch kind {
        case .value, .gradient:
            let floats = bytes.bindMemory(to: Float.self)
            for i in floats.indices { floats[i] += 2 * uniformValue(seed: 99, index: UInt64(i)) - 1 }
        case .mask:
            for i in bytes.indices { bytes[i] = 1 - bytes[i] }
        case .indices:
            for i in bytes.indices { bytes[i] = 0 }
        }
    }
}
