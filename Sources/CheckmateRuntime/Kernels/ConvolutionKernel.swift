import CDNNL
import CheckmateModels

/// A 2-D convolution or transposed convolution (grouped or depthwise for a
/// convolution) on oneDNN: forward, backward data and backward weights.
///
/// Activations are NHWC. The weights are stored in the layout oneDNN's
/// weight-gradient primitive prefers when it has no padding (so the forward
/// and weight-gradient primitives use them as they are), otherwise in plain
/// `oihw`; a primitive that prefers another layout reads (or writes) a copy
/// in its scratch space, reordered before (or after) it runs.
final class ConvolutionKernel: LayerKernel {
    private let forwardStep: WeightedPrimitive
    private let dataStep: WeightedPrimitive?
    private let weightStep: WeightedPrimitive?
    private let weights: ParameterBlock
    private let bias: ParameterBlock?

    let reads = BackwardReads(inputs: [0])

    init(_ request: KernelRequest, parameters: inout ParameterTable) throws(ProgramError) {
        let transposed: Bool
        let c: Operation.Convolution
        switch request.layer.operation {
        case .convolution(let attributes): (transposed, c) = (false, attributes)
        case .transposedConvolution(let attributes): (transposed, c) = (true, attributes)
        default: preconditionFailure("not a convolution")
        }
        let x = try request.image(request.inputShapes[0]), y = try request.image(request.output)
        guard c.kernel.count == 2 else { throw request.unsupported("only 2-D convolutions run") }
        guard !transposed || c.groups == 1 else { throw request.unsupported("grouped transposed convolutions do not run") }
        let (inputChannels, outputChannels) = (x[1], y[1])
        let weightDims = c.groups == 1
            ? [outputChannels, inputChannels] + c.kernel
            : [c.groups, outputChannels / c.groups, inputChannels / c.groups] + c.kernel
        let weightCount = weightDims.reduce(1, *)
        // oneDNN's padding after each axis, as the output size requires (an output padding shortens it).
        let extent = (0..<2).map { (c.kernel[$0] - 1) * c.dilation[$0] + 1 }
        let (small, large) = transposed ? (x, y) : (y, x)
        let paddingAfter = (0..<2).map { (i: Int) -> Int in
            (small[2 + i] - 1) * c.stride[i] + extent[i] - large[2 + i] - c.paddingBefore[i]
        }
        let engine = request.engine
        let needsData = request.hasBackward && request.inputsNeedingGradient.first == true
        let (forwardStep, dataStep, weightStep) = try request.library { () throws(DNNLError) in
            let source = try dnnl_memory_desc_t.activation(x), destination = try dnnl_memory_desc_t.activation(y)
            let biasLayout = try dnnl_memory_desc_t([outputChannels], dnnl_a)
            let plain = try dnnl_memory_desc_t(weightDims, c.groups == 1 ? dnnl_oihw : dnnl_goihw)
            let any = try dnnl_memory_desc_t.any(weightDims)
            let shape = ConvolutionShape(
                transposed: transposed, source: source, destination: destination, bias: c.bias ? biasLayout : nil,
                strides: c.stride, dilations: c.dilation.map { $0 - 1 }, paddingBefore: c.paddingBefore,
                paddingAfter: paddingAfter)
            let training = request.hasBackward
            let preferredForward = try shape.forward(engine, weights: any, training: training)
            let preferredWeights = training ? try shape.backwardWeights(engine, weights: any, hint: preferredForward) : nil
            let preferred = (preferredWeights?.layout(of: DNNL_ARG_DIFF_WEIGHTS) ?? preferredForward.layout(of: DNNL_ARG_WEIGHTS))
            let storage = preferred.byteCount == weightCount * 4 ? preferred : plain
            let forward = try WeightedPrimitive(engine, storage: storage, argument: DNNL_ARG_WEIGHTS) { weights throws(DNNLError) in
                try shape.forward(engine, weights: weights, training: training)
            }
            let data = needsData ? try WeightedPrimitive(engine, storage: storage, argument: DNNL_ARG_WEIGHTS) { weights throws(DNNLError) in
                try shape.backwardData(engine, weights: weights, hint: forward.primitive)
            } : nil
            let gradient = training ? try WeightedPrimitive(engine, storage: storage, argument: DNNL_ARG_DIFF_WEIGHTS) { weights throws(DNNLError) in
                try shape.backwardWeights(engine, weights: weights, hint: forward.primitive)
            } : nil
            return (forward, data, gradient)
        }
        self.forwardStep = forwardStep
        self.dataStep = dataStep
        self.weightStep = weightStep
        let name = request.layer.name
        let fanIn = weightCount / (transposed ? inputChannels : outputChannels)
        self.weights = parameters.allocate(weightCount, name: "\(name).weight", ParameterTable.he(fanIn: fanIn))
        self.bias = c.bias ? parameters.allocate(outputChannels, name: "\(name).bias", .uniform(low: -0.1, high: 0.1)) : nil
    }

    var forwardScratchBytes: Int { forwardStep.scratchBytes }
    var backwardScratchBytes: Int { max(dataStep?.scratchBytes ?? 0, weightStep?.scratchBytes ?? 0) }

    func forward(_ memory: LayerMemory) {
        let constants = memory.constants
        forwardStep.run(weights: UnsafeMutableRawPointer(weights.values(constants)), scratch: memory.scratch) { w in
            [memory.inputs[0]!, w] + (bias.map { [UnsafeMutableRawPointer($0.values(constants))] } ?? []) + [memory.output!]
        }
    }

    func backward(_ memory: LayerMemory) {
        let constants = memory.constants
        if let dataStep, let gradient = memory.inputGradients[0] {
            dataStep.run(weights: UnsafeMutableRawPointer(weights.values(constants)), scratch: memory.scratch) { w in
                [memory.outputGradient!, w, gradient]
            }
        }
        weightStep?.run(weights: UnsafeMutableRawPointer(weights.gradients(constants)), scratch: memory.scratch) { w in
            [memory.inputs[0]!, memory.outputGradient!, w] + (bias.map { [UnsafeMutableRawPointer($0.gradients(constants))] } ?? [])
        }
    }
}

/// The descriptors shared by a convolution's three primitives.
private struct ConvolutionShape {
    var transposed: Bool
    var source: dnnl_memory_desc_t
    var destination: dnnl_memory_desc_t
    var bias: dnnl_memory_desc_t?
    var strides: [Int]
    var dilations: [Int]
    var paddingBefore: [Int]
    var paddingAfter: [Int]

    func forward(_ engine: ComputeEngine, weights: dnnl_memory_desc_t, training: Bool) throws(DNNLError) -> Primitive {
        var (source, destination, weights) = (self.source, self.destination, weights)
        let hasBias = bias != nil
        let biasPointer = bias.map(LayoutPointer.init)
        var descriptor = dnnl_convolution_desc_t()
        var deconvolution = dnnl_deconvolution_desc_t()
        let kind = training ? dnnl_forward_training : dnnl_forward_inference
        if transposed {
            try check(dnnl_dilated_deconvolution_forward_desc_init(
                &deconvolution, kind, dnnl_deconvolution_direct, &source, &weights, biasPointer?.pointer, &destination,
                dimensions(strides), dimensions(dilations), dimensions(paddingBefore), dimensions(paddingAfter)),
                "dnnl_dilated_deconvolution_forward_desc_init")
        } else {
            try check(dnnl_dilated_convolution_forward_desc_init(
                &descriptor, kind, dnnl_convolution_direct, &source, &weights, biasPointer?.pointer, &destination,
                dimensions(strides), dimensions(dilations), dimensions(paddingBefore), dimensions(paddingAfter)),
                "dnnl_dilated_convolution_forward_desc_init")
        }
        let arguments = [DNNL_ARG_SRC, DNNL_ARG_WEIGHTS] + (hasBias ? [DNNL_ARG_BIAS] : []) + [DNNL_ARG_DST]
        return try Primitive(engine, arguments: arguments) { pd, attributes in
            transposed ? dnnl_primitive_desc_create(&pd, &deconvolution, attributes, engine.engine, nil)
                : dnnl_primitive_desc_create(&pd, &descriptor, attributes, engine.engine, nil)
        }
    }

    func backwardData(_ engine: ComputeEngine, weights: dnnl_memory_desc_t, hint: Primitive) throws(DNNLError) -> Primitive {
        var (source, destination, weights) = (self.source, self.destination, weights)
        var descriptor = dnnl_convolution_desc_t()
        var deconvolution = dnnl_deconvolution_desc_t()
        if transposed {
            try check(dnnl_dilated_deconvolution_backward_data_desc_init(
                &deconvolution, dnnl_deconvolution_direct, &source, &weights, &destination,
                dimensions(strides), dimensions(dilations), dimensions(paddingBefore), dimensions(paddingAfter)),
                "dnnl_dilated_deconvolution_backward_data_desc_init")
        } else {
            try check(dnnl_dilated_convolution_backward_data_desc_init(
                &descriptor, dnnl_convolution_direct, &source, &weights, &destination,
                dimensions(strides), dimensions(dilations), dimensions(paddingBefore), dimensions(paddingAfter)),
                "dnnl_dilated_convolution_backward_data_desc_init")
        }
        return try Primitive(engine, arguments: [DNNL_ARG_DIFF_DST, DNNL_ARG_WEIGHTS, DNNL_ARG_DIFF_SRC]) { pd, attributes in
            transposed ? dnnl_primitive_desc_create(&pd, &deconvolution, attributes, engine.engine, hint.descriptor)
                : dnnl_primitive_desc_create(&pd, &descriptor, attributes, engine.engine, hint.descriptor)
        }
    }

    func backwardWeights(_ engine: ComputeEngine, weights: dnnl_memory_desc_t, hint: Primitive) throws(DNNLError) -> Primitive {
        var (source, destination, weights) = (self.source, self.destination, weights)
        let hasBias = bias != nil
        let biasPointer = bias.map(LayoutPointer.init)
        var descriptor = dnnl_convolution_desc_t()
        var deconvolution = dnnl_deconvolution_desc_t()
        if transposed {
            try check(dnnl_dilated_deconvolution_backward_weights_desc_init(
                &deconvolution, dnnl_deconvolution_direct, &source, &weights, biasPointer?.pointer, &destination,
                dimensions(strides), dimensions(dilations), dimensions(paddingBefore), dimensions(paddingAfter)),
                "dnnl_dilated_deconvolution_backward_weights_desc_init")
        } else {
            try check(dnnl_dilated_convolution_backward_weights_desc_init(
                &descriptor, dnnl_convolution_direct, &source, &weights, biasPointer?.pointer, &destination,
                dimensions(strides), dimensions(dilations), dimensions(paddingBefore), dimensions(paddingAfter)),
                "dnnl_dilated_convolution_backward_weights_desc_init")
        }
        let arguments = [DNNL_ARG_SRC, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_WEIGHTS] + (hasBias ? [DNNL_ARG_DIFF_BIAS] : [])
        return try Primitive(engine, arguments: arguments) { pd, attributes in
            transposed ? dnnl_primitive_desc_create(&pd, &deconvolution, attributes, engine.engine, hint.descriptor)
                : dnnl_primitive_desc_create(&pd, &descriptor, attributes, engine.engine, hint.descriptor)
        }
    }
}
