/// One model of the ``Zoo``: its name, what it does, and how to build it for a batch and input size.
public struct ZooModel: Sendable {
    /// What a model is trained for.
    public enum Task: String, Hashable, Sendable {
        case classification, segmentation, language
    }

    /// An input size: an image resolution or a sequence length.
    public enum Input: Hashable, Sendable, CustomStringConvertible {
        case image(height: Int, width: Int)
        case sequence(length: Int)

        /// Reads `HxW` (an image) or `N` (a sequence length).
        public init?(_ text: String) {
            let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
            let numbers = parts.compactMap { Int($0) }
            guard numbers.count == parts.count, numbers.allSatisfy({ $0 > 0 }) else { return nil }
            switch numbers.count {
            case 1: self = .sequence(length: numbers[0])
            case 2: self = .image(height: numbers[0], width: numbers[1])
            default: return nil
            }
        }

        public var description: String {
            switch self {
            case .image(let height, let width): "\(height)x\(width)"
            case .sequence(let length): "\(length)"
            }
        }

        /// Height and width of an image; `(1, length)` for a sequence.
        var sides: (height: Int, width: Int) {
            switch self {
            case .image(let height, let width): (height, width)
            case .sequence(let length): (1, length)
            }
        }
    }

    /// The name used on the command line (`resnet50`).
    public let name: String
    public let task: Task
    /// One line for `checkmate zoo list`.
    public let summary: String
    /// The published parameter count of the model at its default input size.
    public let parameterCount: Int
    /// The default input size: 224x224 for classifiers, 416x608 for segmentation, as in the paper.
    public let input: Input
    /// Image sides must be multiples of this (the network's total downsampling).
    public let sideMultiple: Int
    private let make: @Sendable (Int, (height: Int, width: Int)) throws(NetworkError) -> Network

    init(name: String, task: Task, summary: String, parameterCount: Int, input: Input, sideMultiple: Int,
         make: @escaping @Sendable (Int, (height: Int, width: Int)) throws(NetworkError) -> Network) {
        self.name = name
        self.task = task
        self.summary = summary
        self.parameterCount = parameterCount
        self.input = input
        self.sideMultiple = sideMultiple
        self.make = make
    }

    /// The network for `batch` examples of size `input` (the default when nil).
    ///
    /// - Throws: ``ZooError`` when the batch is not positive or the input size does not suit the model.
    public func network(batch: Int, input: Input? = nil) throws(ZooError) -> Network {
        guard batch > 0 else { throw .invalidBatch(batch) }
        let input = input ?? self.input
        switch (self.input, input) {
        case (.image, .image(let height, let width)):
            guard height % sideMultiple == 0, width % sideMultiple == 0 else {
                throw .invalidInput(model: name, input: input,
                                    reason: "height and width must be multiples of \(sideMultiple)")
            }
        case (.sequence, .sequence(let length)):
            guard length <= 512 else {
                throw .invalidInput(model: name, input: input, reason: "the sequence length is at most 512")
            }
        case (.image, .sequence):
            throw .invalidInput(model: name, input: input, reason: "the model takes an image size HxW")
        case (.sequence, .image):
            throw .invalidInput(model: name, input: input, reason: "the model takes a sequence length")
        }
        do {
            return try make(batch, input.sides)
        } catch {
            throw .network(error)
        }
    }
}

/// Why the zoo could not build a model.
public enum ZooError: Error, Hashable, Sendable, CustomStringConvertible {
    case unknownModel(String)
    case invalidBatch(Int)
    case invalidInput(model: String, input: ZooModel.Input, reason: String)
    case network(NetworkError)

    public var description: String {
        switch self {
        case .unknownModel(let name):
            "no model called '\(name)' in the zoo; the models are \(Zoo.models.map(\.name).joined(separator: ", "))"
        case .invalidBatch(let batch): "the batch size must be positive, not \(batch)"
        case .invalidInput(let model, let input, let reason): "\(model) cannot take input \(input): \(reason)"
        case .network(let error): "\(error)"
        }
    }
}
