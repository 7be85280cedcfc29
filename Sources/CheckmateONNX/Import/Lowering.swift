import CheckmateModels

/// What one ONNX node becomes: the shapes of its outputs and, when it reads an
/// activation, the layers that compute them; when all its inputs are
/// constant, the folded elements of its outputs where they can be computed.
///
/// Inputs fall in three groups. `operands` may be activations (they become
/// the layer's inputs, in position order) or constants; `parameters` are
/// positions whose constant values are weights the layer owns; every other
/// input configures the operator and must be constant.
struct Lowering {
    /// The layers a node becomes when it reads an activation.
    enum Layers {
        /// One layer for the first output.
        case one(Operation)
        /// One layer per output, each reading the node's activation inputs (Split).
        case perOutput([Operation])
        /// A chain of binary layers over the activation inputs (Sum of more than two).
        case chain(Operation)
        /// No layer: the outputs are constants whatever the inputs (Shape, Constant).
        case none

        var isNone: Bool {
            if case .none = self { return true }
            return false
        }
    }

    /// The type of each output the importer models, from the first on.
    var outputs: [TensorType]
    var layers: Layers
    var operands: [Int]
    var parameters: [Int]
    /// The elements of each output when folding computed them.
    var folded: [ConstantTensor.Elements?] = []
    /// Whether the output is a weight in its own right (`Constant`, `ConstantOfShape`).
    var isWeight = false

    init(outputs: [TensorType], layers: Layers, operands: [Int], parameters: [Int]? = nil,
         folded: [ConstantTensor.Elements?] = []) {
        self.outputs = outputs
        self.layers = layers
        self.operands = operands
        self.parameters = parameters ?? operands
        self.folded = folded
    }

    /// A single-output lowering.
    init(_ output: TensorType, _ operation: Operation, operands: [Int] = [0], parameters: [Int]? = nil,
         folded: ConstantTensor.Elements? = nil) {
        self.init(outputs: [output], layers: .one(operation), operands: operands, parameters: parameters,
                  folded: [folded])
    }

    /// The lowering of `context`'s node.
    static func of(_ c: NodeContext, unknownOperators: ONNXImportOptions.UnknownOperators) throws(ONNXImportError) -> Lowering {
        guard c.node.domain.isEmpty || c.node.domain == "ai.onnx" else {
            if unknownOperators == .elementwise { return try elementwise(c, .elementwise(c.op)) }
            throw .unsupportedOperator(op: "\(c.node.domain).\(c.op)", node: c.label)
        }
        switch c.op {
        case "Conv": return try convolution(c)
        case "ConvTranspose": return try transposedConvolution(c)
        case "MaxPool": return try pooling(c, .max)
        case "AveragePool": return try pooling(c, .average)
        case "GlobalAveragePool": return try globalPooling(c, .average)
        case "GlobalMaxPool": return try globalPooling(c, .max)
        case "BatchNormalization": return try normalization(c, .batchNormalization)
        case "InstanceNormalization": return try normalization(c, .instanceNormalization)
        case "LayerNormalization": return try layerNormalization(c)
        case "LRN": return try localResponseNormalization(c)
        case "Relu": return try elementwise(c, .activation(.relu))
        case "LeakyRelu": return try elementwise(c, .activation(.leakyRelu(alpha: c.float("alpha") ?? 0.01)))
        case "Sigmoid": return try elementwise(c, .activation(.sigmoid))
        case "Tanh": return try elementwise(c, .activation(.tanh))
        case "Gelu": return try elementwise(c, .activation(.gelu))
        case "Clip": return try clip(c)
        case "Softmax": return try softmax(c)
        case "Dropout": return try dropout(c)
        case "Identity": return try identity(c)
        case "Cast": return try cast(c)
        case "Add": return try binary(c, .add)
        case "Sub": return try binary(c, .subtract)
        case "Mul": return try binary(c, .multiply)
        case "Div": return try binary(c, .divide)
        case "Sum": return try sum(c)
        case "Gemm": return try gemm(c)
        case "MatMul": return try matrixMultiplication(c)
        case "Reshape": return try reshape(c)
        case "Flatten": return try flatten(c)
        case "Transpose": return try transpose(c)
        case "Squeeze": return try squeeze(c)
        case "Unsqueeze": return try unsqueeze(c)
        case "Concat": return try concatenation(c)
        case "Split": return try split(c)
        case "Slice": return try slice(c)
        case "Pad": return try pad(c)
        case "Resize", "Upsample": return try resize(c)
        case "Gather": return try gather(c)
        case "ReduceMean": return try reduceMean(c)
        case "Shape": return try shape(c)
        case "Constant": return try constant(c)
        case "ConstantOfShape": return try constantOfShape(c)
        default:
            guard unknownOperators == .elementwise else { throw .unsupportedOperator(op: c.op, node: c.label) }
            return try elementwise(c, .elementwise(c.op))
        }
    }

    /// An operator whose one output has its first input's shape and type.
    static func elementwise(_ c: NodeContext, _ operation: Operation) throws(ONNXImportError) -> Lowering {
        Lowering(try c.type(of: 0), operation)
    }
}
