import CheckmateModels
import CheckmateONNX

/// How a `zoo:MODEL` or `onnx:PATH` graph source is built: batch size, input size
/// (zoo) or named dimensions (ONNX), and training options.
public struct ModelSettings: Sendable {
    /// Examples per step; a zoo model needs one.
    public var batch: Int?
    /// The resolution or sequence length; the model's default when nil.
    public var input: ZooModel.Input?
    public var options: TrainingOptions
    /// ONNX models: values of named input dimensions (`sequence = 128`).
    public var dimensions: [String: Int] = [:]
    /// ONNX models: what to do with operators the importer does not know.
    public var unknownOperators: ONNXImportOptions.UnknownOperators = .error

    public init(batch: Int? = nil, input: ZooModel.Input? = nil, options: TrainingOptions = TrainingOptions()) {
        self.batch = batch
        self.input = input
        self.options = options
    }
}
