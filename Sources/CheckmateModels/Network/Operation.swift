/// What a layer computes: one family of operations with its attributes.
///
/// The set covers the zoo's layers and the common ONNX operators, so that a
/// network built by hand and one imported from a model file give comparable
/// training graphs. Each case documents its inputs (by position in
/// ``Layer/inputs``) and the output shape that ``NetworkBuilder`` infers;
/// an importer may instead give a layer's shape and parameter count itself.
///
/// Image tensors are NCHW. Parameters (weights, biases, scales) are not
/// inputs: a layer owns them and reports their number as
/// ``Layer/parameterCount``.
///
/// Views (``View``) alias their input: they make no node and take no memory
/// in a training graph, as a reshape does in every framework. A runtime that
/// materializes a transpose allocates a copy that this description does not count.
public enum Operation: Hashable, Sendable {
    /// An input of the network (the image batch, token ids); held in
    /// `constantMemory` for the whole step. `nil` means the training data type.
    case input(DataType?)

    /// A convolution, grouped or depthwise when `groups > 1`. Input: `[x]`, `[N, C, spatial...]`.
    case convolution(Convolution)
    /// A transposed convolution (deconvolution); `Convolution.filters` is its output channels.
    case transposedConvolution(Convolution)
    /// A fully connected layer on the last axis (`x W + b`). Input: `[x]`.
    case dense(units: Int, bias: Bool)
    /// A product of two activations (attention scores and context), batched
    /// over the leading axes with broadcasting. Inputs: `[a, b]`.
    case matrixMultiplication(transposeA: Bool, transposeB: Bool)
    /// A lookup of `dimension`-wide rows of a `vocabulary`-row table. Input: `[indices]`.
    case embedding(vocabulary: Int, dimension: Int)

    /// Batch normalization over axis 1 (scale and shift: `2 C` parameters).
    case batchNormalization
    /// Layer normalization over the axes from `axis` on (scale and shift per normalized element).
    case layerNormalization(axis: Int)
    /// Instance normalization over the spatial axes (scale and shift per channel).
    case instanceNormalization
    /// Local response normalization across `size` neighbouring channels.
    case localResponseNormalization(size: Int)

    /// An elementwise activation function.
    case activation(Activation)
    /// Softmax along `axis`.
    case softmax(axis: Int)
    /// An elementwise unary operation not listed elsewhere (`"Sqrt"`, `"Erf"`);
    /// its gradient is assumed to read its input.
    case elementwise(String)
    /// An elementwise binary operation with NumPy broadcasting. Inputs: `[a, b]`,
    /// or `[a]` when the other operand is a constant or a parameter.
    case binary(BinaryOperator)
    /// Dropout that zeroes each element with probability `rate`; training keeps a one-byte mask per element.
    case dropout(rate: Double)

    /// Max or average pooling over a window.
    case pooling(Pooling)
    /// Pooling over all spatial positions: `[N, C, spatial...]` to `[N, C, 1, ...]`.
    case globalPooling(Pooling.Kind)
    /// Upsampling of the spatial axes by whole factors.
    case upsampling(scale: [Int], mode: UpsamplingMode)
    /// The inverse of a max pooling (SegNet): scatters `x` to the positions the
    /// pooling chose. Inputs: `[x, pool]`, where `pool` is the max pooling
    /// layer whose indices it uses; the output has `x`'s batch and channels and `outputSize` spatially.
    case maxUnpooling(outputSize: [Int])
    /// The mean over `axes`.
    case reduceMean(axes: [Int], keepDimensions: Bool)

    /// Concatenation of all inputs along `axis`.
    case concatenation(axis: Int)
    /// A view of the input with other dimensions: no computation, no memory.
    case view(View)
    /// Zero padding: `before[i]` and `after[i]` elements around axis `i`.
    case pad(before: [Int], after: [Int])
    /// The elements `starts[i]..<ends[i]` of each listed axis (ends are clamped to the dimension).
    case slice(axes: [Int], starts: [Int], ends: [Int])
    /// Any other operation that moves data without arithmetic (`"Gather"`,
    /// `"Tile"`, one output of a `"Split"`); the caller gives its output shape.
    case copy(String)

    /// Softmax cross-entropy between logits and integer labels along
    /// `classAxis`: the training loss. Input: `[logits]`; the labels (one
    /// `int64` per position) are part of the input batch. The output is the scalar loss.
    case softmaxCrossEntropy(classAxis: Int)
}

extension Operation {
    /// The hyperparameters of a (transposed) convolution.
    public struct Convolution: Hashable, Sendable {
        /// Output channels.
        public var filters: Int
        /// The window, one entry per spatial axis.
        public var kernel: [Int]
        public var stride: [Int]
        /// Zeros added before each spatial axis.
        public var paddingBefore: [Int]
        /// Zeros added after each spatial axis.
        public var paddingAfter: [Int]
        public var dilation: [Int]
        /// Channel groups: 1 for a dense convolution, the input channels for a depthwise one.
        public var groups: Int
        public var bias: Bool
        /// Extra rows added after each spatial axis of a transposed convolution's output.
        public var outputPadding: [Int]

        /// A convolution with square window, stride and padding over `spatialRank` axes.
        public init(
            filters: Int, kernel: Int, stride: Int = 1, padding: Int = 0, dilation: Int = 1,
            groups: Int = 1, bias: Bool = true, spatialRank: Int = 2
        ) {
            self.init(
                filters: filters, kernel: Array(repeating: kernel, count: spatialRank),
                stride: Array(repeating: stride, count: spatialRank),
                paddingBefore: Array(repeating: padding, count: spatialRank),
                paddingAfter: Array(repeating: padding, count: spatialRank),
                dilation: Array(repeating: dilation, count: spatialRank), groups: groups, bias: bias)
        }

        public init(
            filters: Int, kernel: [Int], stride: [Int], paddingBefore: [Int], paddingAfter: [Int],
            dilation: [Int], groups: Int = 1, bias: Bool = true, outputPadding: [Int]? = nil
        ) {
            self.filters = filters
            self.kernel = kernel
            self.stride = stride
            self.paddingBefore = paddingBefore
            self.paddingAfter = paddingAfter
            self.dilation = dilation
            self.groups = groups
            self.bias = bias
            self.outputPadding = outputPadding ?? Array(repeating: 0, count: kernel.count)
        }
    }

    /// The hyperparameters of a windowed pooling.
    public struct Pooling: Hashable, Sendable {
        public enum Kind: String, Hashable, Sendable {
            case max, average
        }

        public var kind: Kind
        public var kernel: [Int]
        public var stride: [Int]
        public var paddingBefore: [Int]
        public var paddingAfter: [Int]
        /// Round the output size up rather than down (Caffe, `ceil_mode`).
        public var ceilMode: Bool

        /// A pooling with square window, stride and padding over `spatialRank` axes.
        public init(_ kind: Kind, kernel: Int, stride: Int? = nil, padding: Int = 0,
                    ceilMode: Bool = false, spatialRank: Int = 2) {
            self.init(
                kind, kernel: Array(repeating: kernel, count: spatialRank),
                stride: Array(repeating: stride ?? kernel, count: spatialRank),
                paddingBefore: Array(repeating: padding, count: spatialRank),
                paddingAfter: Array(repeating: padding, count: spatialRank), ceilMode: ceilMode)
        }

        public init(_ kind: Kind, kernel: [Int], stride: [Int], paddingBefore: [Int],
                    paddingAfter: [Int], ceilMode: Bool = false) {
            self.kind = kind
            self.kernel = kernel
            self.stride = stride
            self.paddingBefore = paddingBefore
            self.paddingAfter = paddingAfter
            self.ceilMode = ceilMode
        }
    }

    /// Elementwise activation functions.
    public enum Activation: Hashable, Sendable {
        case relu
        case leakyRelu(alpha: Double)
        /// Clamping to `minimum...maximum` (ReLU6 is `clip(0, 6)`).
        case clip(minimum: Double, maximum: Double)
        case sigmoid
        case tanh
        case gelu
    }

    /// Elementwise binary operators.
    public enum BinaryOperator: String, Hashable, Sendable, CaseIterable {
        case add, subtract, multiply, divide
    }

    /// How upsampling fills new positions.
    public enum UpsamplingMode: String, Hashable, Sendable {
        case nearest, bilinear
    }

    /// Operations that only reinterpret their input's dimensions.
    public enum View: Hashable, Sendable {
        /// To `shape`; one entry may be -1 (inferred) and a 0 keeps the input's dimension.
        case reshape([Int])
        /// To `[product of axes before axis, product of the rest]`.
        case flatten(axis: Int)
        /// Axes in the order `permutation`.
        case transpose([Int])
        /// Without the listed axes of size 1.
        case squeeze([Int])
        /// With new axes of size 1 at the listed positions of the output.
        case unsqueeze([Int])
    }
}

extension Operation {
    /// A short name of the operation family, used in node metadata (`"convolution"`).
    public var family: String {
        switch self {
        case .input: "input"
        case .convolution(let c): c.groups > 1 ? "grouped-convolution" : "convolution"
        case .transposedConvolution: "transposed-convolution"
        case .dense: "dense"
        case .matrixMultiplication: "matmul"
        case .embedding: "embedding"
        case .batchNormalization: "batch-norm"
        case .layerNormalization: "layer-norm"
        case .instanceNormalization: "instance-norm"
        case .localResponseNormalization: "lrn"
        case .activation(let a):
            switch a {
            case .relu: "relu"
            case .leakyRelu: "leaky-relu"
            case .clip: "clip"
            case .sigmoid: "sigmoid"
            case .tanh: "tanh"
            case .gelu: "gelu"
            }
        case .softmax: "softmax"
        case .elementwise(let name): "elementwise-\(name.lowercased())"
        case .binary(let op): op.rawValue
        case .dropout: "dropout"
        case .pooling(let p): p.kind == .max ? "max-pool" : "average-pool"
        case .globalPooling(let kind): kind == .max ? "global-max-pool" : "global-average-pool"
        case .upsampling: "upsampling"
        case .maxUnpooling: "max-unpool"
        case .reduceMean: "reduce-mean"
        case .concatenation: "concat"
        case .view: "view"
        case .pad: "pad"
        case .slice: "slice"
        case .copy(let name): "copy-\(name.lowercased())"
        case .softmaxCrossEntropy: "softmax-cross-entropy"
        }
    }

    /// Whether the output shares its input's storage (a view): no node, no memory.
    public var isAlias: Bool {
        if case .view = self { return true }
        return false
    }

    /// Whether this is a training loss.
    public var isLoss: Bool {
        if case .softmaxCrossEntropy = self { return true }
        return false
    }
}
