/// How ``TrainingProgram/execute(_:options:)`` runs a schedule.
public struct ExecutionOptions: Sendable {
    /// Training steps to run, each the schedule and then the optimizer's update of the parameters.
    public var steps: Int
    /// The arena's capacity in bytes; nil for the size of the schedule's plan.
    public var capacity: Int?
    /// Whether to time each node's kernels (``Execution/kernelSeconds``).
    public var timesKernels: Bool
    /// Values that replace initial parameters before the first step, by index in
    /// ``TrainingProgram/parameterBlocks``' layout (for gradient checks).
    public var parameterChanges: [Int: Float]

    public init(steps: Int = 1, capacity: Int? = nil, timesKernels: Bool = false, parameterChanges: [Int: Float] = [:]) {
        self.steps = steps
        self.capacity = capacity
        self.timesKernels = timesKernels
        self.parameterChanges = parameterChanges
    }
}
