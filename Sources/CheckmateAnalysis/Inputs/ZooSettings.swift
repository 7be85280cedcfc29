import CheckmateModels

/// How a `zoo:MODEL` graph source is built: batch size, input size and training options.
public struct ZooSettings: Sendable {
    /// Examples per step; a zoo model needs one.
    public var batch: Int?
    /// The resolution or sequence length; the model's default when nil.
    public var input: ZooModel.Input?
    public var options: TrainingOptions

    public init(batch: Int? = nil, input: ZooModel.Input? = nil, options: TrainingOptions = TrainingOptions()) {
        self.batch = batch
        self.input = input
        self.options = options
    }
}
