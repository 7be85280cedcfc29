import Checkmate

/// What executing a schedule measured: memory at the allocator and the
/// operating system, time at the clock, and the step's results.
public struct Execution: Sendable {
    /// The replay of the schedule on the program's graph: the peak and cost the rules promise.
    public var replay: Replay
    /// The arena's capacity: the plan's size unless a capacity was given.
    public var arenaBytes: Int
    /// The plan's size: the highest byte any tensor of the schedule is placed at.
    public var plannedBytes: Int
    /// The most bytes the plan holds at once, each tensor rounded to 64 bytes;
    /// `plannedBytes` minus this is fragmentation.
    public var plannedLiveBytes: Int
    /// One past the highest arena page the process touched, as the operating system counts resident pages.
    public var highestTouchedOffset: Int
    /// The process's peak resident memory before the first step (after the constant memory was written) and after the last.
    public var residentPeakBefore: Int
    public var residentPeakAfter: Int
    /// Whether the system let the peak be reset to the current resident size before the steps, so
    /// that the peaks measure the steps alone.
    public var residentPeakWasReset: Bool
    /// Wall-clock seconds of each step's schedule (the optimizer's update not included).
    public var stepSeconds: [Double]
    /// For each node, the seconds of each of its kernel runs, when kernels were timed.
    public var kernelSeconds: [[Double]]
    /// Kernel runs in one step.
    public var computeCount: Int
    /// The mean loss of the batch in the last step.
    public var loss: Float
    /// The parameters' gradients of the last step, in the program's parameter layout.
    public var gradients: [Float]

    /// The growth of the process's peak resident memory over the steps.
    public var residentPeakDelta: Int { residentPeakAfter - residentPeakBefore }

    /// The median of ``stepSeconds``.
    public var medianSeconds: Double { median(stepSeconds) }

    /// The largest absolute difference between a gradient here and in `other`.
    public func maxGradientDifference(from other: Execution) -> Float {
        zip(gradients, other.gradients).reduce(0) { max($0, abs($1.0 - $1.1)) }
    }

    /// Whether the loss and every gradient have the same bits as in `other`.
    public func hasIdenticalResults(to other: Execution) -> Bool {
        loss.bitPattern == other.loss.bitPattern && gradients.map(\.bitPattern) == other.gradients.map(\.bitPattern)
    }
}

/// The median of `values` (the mean of the middle two for an even count); 0 when empty.
public func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
