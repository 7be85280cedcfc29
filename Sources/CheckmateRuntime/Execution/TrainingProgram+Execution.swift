import Checkmate

extension TrainingProgram {
    /// Runs `schedule`: on `compute v` it allocates `v`'s output and runs its
    /// kernel, on `free v` it releases the output, and it measures memory as
    /// the replay rules do, from the bytes it really holds.
    ///
    /// The schedule is first replayed by ``TrainingGraph/replay(_:)``, the
    /// judge; a schedule it accepts executes, one it rejects never starts.
    ///
    /// - Throws: ``ExecutionError/invalidSchedule(_:)`` with the replay's
    ///   error, naming the first step and node that break a rule.
    public func execute(_ schedule: Schedule) throws(ExecutionError) -> Execution {
        let replay: Replay
        do {
            replay = try graph.replay(schedule)
        } catch {
            throw .invalidSchedule(error)
        }
        var tensors = self.tensors
        // Fresh gradient buffers, so the kernels write them in place.
        tensors.gradients = tensors.gradients.map { DenseParameters(weights: $0.weights.map { _ in 0 }, bias: $0.bias.map { _ in 0 }) }
        var buffers = [UnsafeMutableBufferPointer<Float>?](repeating: nil, count: graph.count)
        defer { for buffer in buffers { buffer?.deallocate() } }
        let constant = tensors.byteCount
        var memory = constant
        var peak = constant
        var computeCount = 0
        let start = ContinuousClock.now
        for step in schedule.steps {
            switch step {
            case .compute(let v):
                // The replay accepted the schedule, so every input is live and every freed output too.
                let inputs = graph.nodes[v].inputs.map { UnsafeBufferPointer(buffers[$0]!) }
                let output = UnsafeMutableBufferPointer<Float>.allocate(capacity: kernels[v].outputCount)
                let bytes = output.count * MemoryLayout<Float>.stride
                peak = max(peak, memory + graph.nodes[v].workspace + bytes)
                kernels[v].body(inputs, output, &tensors)
                buffers[v] = output
                memory += bytes
                computeCount += 1
            case .free(let v):
                let buffer = buffers[v]!
                memory -= buffer.count * MemoryLayout<Float>.stride
                buffer.deallocate()
                buffers[v] = nil
            }
        }
        let seconds = (ContinuousClock.now - start) / .seconds(1)
        return Execution(replay: replay, peakMemory: peak, computeCount: computeCount, seconds: seconds,
                         loss: tensors.loss, gradients: tensors.gradients)
    }
}
