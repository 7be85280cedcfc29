/// One ONNX node with the values of its inputs, and typed access to its attributes.
///
/// Every accessor that can fail throws ``ONNXImportError/invalidNode(node:op:reason:)``
/// naming this node, so operator rules read as plain code.
struct NodeContext {
    let node: Onnx_NodeProto
    /// How errors name the node: `'conv1'`, or `#12` (its position) when it has no name.
    let label: String
    /// The version of the default operator set the model imports.
    let opset: Int
    /// The value of each input; nil for an omitted optional input (an empty name).
    let inputs: [Value?]
    /// The batch size the model declares for its inputs and the one imported, when both are known.
    let batch: (declared: Int, actual: Int)?

    var op: String { node.opType }

    /// Whether every input present is a constant, so the node is folded.
    var isConstant: Bool {
        inputs.allSatisfy { value in
            if case .activation? = value { return false }
            return true
        }
    }

    func fail(_ reason: String) -> ONNXImportError {
        .invalidNode(node: label, op: op, reason: reason)
    }

    func check(_ condition: Bool, _ reason: @autoclosure () -> String) throws(ONNXImportError) {
        if !condition { throw fail(reason()) }
    }

    // MARK: Inputs

    /// The value of input `position`, or nil when it is absent (or `position` is negative).
    func input(_ position: Int) -> Value? {
        inputs.indices.contains(position) ? inputs[position] : nil
    }

    /// The number of inputs given, counting omitted ones before the last.
    var inputCount: Int { inputs.count }

    /// The value of input `position`, which must be present.
    func requiredInput(_ position: Int) throws(ONNXImportError) -> Value {
        guard let value = input(position) else { throw fail("input \(position) is missing") }
        if case .unavailable(let reason) = value { throw fail("input \(position) is \(reason)") }
        return value
    }

    /// The shape and type of input `position`, which must be present.
    func type(of position: Int) throws(ONNXImportError) -> TensorType {
        switch try requiredInput(position) {
        case .constant(let tensor): TensorType(shape: tensor.shape, elementType: tensor.elementType)
        case .activation(_, let type): type
        case .unavailable: preconditionFailure("requiredInput rejects unavailable values")
        }
    }

    func shape(of position: Int) throws(ONNXImportError) -> [Int] {
        try type(of: position).shape
    }

    /// Input `position` as a constant, which it must be.
    func constant(_ position: Int) throws(ONNXImportError) -> ConstantTensor {
        guard case .constant(let tensor) = try requiredInput(position) else {
            throw fail("input \(position) ('\(node.input[position])') must be a constant known at import time")
        }
        return tensor
    }

    /// The elements of input `position` when it is a constant whose elements are known.
    func constantElements(_ position: Int) throws(ONNXImportError) -> ConstantTensor.Elements? {
        guard case .constant(let tensor) = try requiredInput(position) else { return nil }
        return tensor.elements
    }

    /// Whether input `position` is present and computed from the graph inputs.
    func isActivation(_ position: Int) -> Bool {
        if case .activation? = input(position) { return true }
        return false
    }

    /// The elements of constant input `position` as integers (axes, shapes, pads).
    func integers(_ position: Int) throws(ONNXImportError) -> [Int] {
        let tensor = try constant(position)
        guard let values = tensor.integers else {
            throw fail("the elements of input \(position) ('\(node.input[position])') are not known whole numbers")
        }
        return values
    }

    /// The elements of constant input `position` as real numbers (scales, bounds).
    func reals(_ position: Int) throws(ONNXImportError) -> [Double] {
        let tensor = try constant(position)
        guard let values = tensor.reals else {
            throw fail("the elements of input \(position) ('\(node.input[position])') are not known")
        }
        return values
    }

    /// Integers from input `position` when it is present, else from attribute `name`;
    /// nil when neither is given. A negative `position` reads only the attribute (older opsets).
    func integers(input position: Int, orAttribute name: String) throws(ONNXImportError) -> [Int]? {
        if input(position) != nil { return try integers(position) }
        return try ints(name)
    }

    // MARK: Attributes

    private func attribute(_ name: String) -> Onnx_AttributeProto? {
        node.attribute.first { $0.name == name }
    }

    func has(_ name: String) -> Bool { attribute(name) != nil }

    func int(_ name: String) throws(ONNXImportError) -> Int? {
        guard let a = attribute(name) else { return nil }
        guard a.type == .int || a.type == .undefined && a.hasI else { throw fail("attribute '\(name)' is not an integer") }
        return Dimensions.clamped(a.i)
    }

    func int(_ name: String, default value: Int) throws(ONNXImportError) -> Int {
        try int(name) ?? value
    }

    func ints(_ name: String) throws(ONNXImportError) -> [Int]? {
        guard let a = attribute(name) else { return nil }
        guard a.type == .ints || a.type == .undefined else { throw fail("attribute '\(name)' is not a list of integers") }
        return a.ints.map(Dimensions.clamped)
    }

    func float(_ name: String) throws(ONNXImportError) -> Double? {
        guard let a = attribute(name) else { return nil }
        guard a.type == .float || a.type == .undefined && a.hasF else { throw fail("attribute '\(name)' is not a float") }
        return Double(a.f)
    }

    func floats(_ name: String) throws(ONNXImportError) -> [Double]? {
        guard let a = attribute(name) else { return nil }
        guard a.type == .floats || a.type == .undefined else { throw fail("attribute '\(name)' is not a list of floats") }
        return a.floats.map(Double.init)
    }

    func string(_ name: String) throws(ONNXImportError) -> String? {
        guard let a = attribute(name) else { return nil }
        guard a.type == .string || a.type == .undefined && a.hasS else { throw fail("attribute '\(name)' is not a string") }
        return String(decoding: a.s, as: UTF8.self)
    }

    func tensor(_ name: String) throws(ONNXImportError) -> ConstantTensor? {
        guard let a = attribute(name) else { return nil }
        guard a.type == .tensor || a.type == .undefined && a.hasT else { throw fail("attribute '\(name)' is not a tensor") }
        return try ConstantTensor(proto: a.t, name: "\(label).\(name)")
    }

    // MARK: Axes

    /// `axis` resolved against `rank`, or an error naming the attribute.
    func axis(_ axis: Int, rank: Int, _ what: String = "axis") throws(ONNXImportError) -> Int {
        guard let resolved = Dimensions.normalized(axis: axis, rank: rank) else {
            throw fail("\(what) \(axis) is out of range for rank \(rank)")
        }
        return resolved
    }

    /// `a * b`, or an error when sizes from the file make it overflow.
    func product(_ a: Int, _ b: Int) throws(ONNXImportError) -> Int {
        let (result, overflow) = a.multipliedReportingOverflow(by: b)
        guard !overflow, abs(result) <= Dimensions.clampLimit else { throw fail("sizes \(a) x \(b) are too large") }
        return result
    }

    /// A shape whose element count is checked.
    func checkedShape(_ shape: [Int]) throws(ONNXImportError) -> [Int] {
        guard Dimensions.elementCount(shape) != nil else {
            throw fail("output shape \(Dimensions.describe(shape)) is negative or has more than 2^40 elements")
        }
        return shape
    }
}
