import CheckmateModels

/// Convolutions and poolings: windows over the spatial axes of `[N, C, spatial...]` tensors.
extension Lowering {
    /// A window's sizes per spatial axis, with `auto_pad` resolved into explicit pads.
    struct Window {
        var kernel: [Int]
        var stride: [Int]
        var dilation: [Int]
        var padBefore: [Int]
        var padAfter: [Int]
        /// Whether `auto_pad` chose the pads.
        var isAutomatic = false

        /// `(kernel - 1) * dilation + 1` on axis `i`.
        func extent(_ i: Int) -> Int { (kernel[i] - 1) * dilation[i] + 1 }
    }

    /// Reads `strides`, `dilations` and `pads` (or `auto_pad`) for a window of `kernel` over `spatial`.
    ///
    /// `SAME_UPPER` and `SAME_LOWER` pad so that the output has `ceil(input / stride)`
    /// positions (the extra one after, or before); `VALID` pads nothing.
    static func window(
        _ c: NodeContext, kernel: [Int], spatial: [Int], dilations: Bool = true
    ) throws(ONNXImportError) -> Window {
        let rank = spatial.count
        try c.check(kernel.count == rank, "kernel_shape \(kernel) has \(kernel.count) axes; the input has \(rank) spatial axes")
        let stride = try c.ints("strides") ?? Array(repeating: 1, count: rank)
        let dilation = dilations ? try c.ints("dilations") ?? Array(repeating: 1, count: rank) : Array(repeating: 1, count: rank)
        let limit = Dimensions.maximumElements
        for (name, values) in [("kernel_shape", kernel), ("strides", stride), ("dilations", dilation)] {
            try c.check(values.count == rank && values.allSatisfy { $0 >= 1 && $0 <= limit },
                        "\(name) \(values) must have \(rank) values of at least 1")
        }
        try c.check(Dimensions.elementCount(kernel) != nil
                    && zip(kernel, dilation).allSatisfy { !$0.multipliedReportingOverflow(by: $1).overflow && $0 * $1 <= limit },
                    "kernel_shape \(kernel) with dilations \(dilation) is too large")
        var window = Window(kernel: kernel, stride: stride, dilation: dilation,
                            padBefore: Array(repeating: 0, count: rank), padAfter: Array(repeating: 0, count: rank))
        let autoPad = try c.string("auto_pad") ?? "NOTSET"
        switch autoPad {
        case "NOTSET", "":
            let pads = try c.ints("pads") ?? Array(repeating: 0, count: 2 * rank)
            try c.check(pads.count == 2 * rank && pads.allSatisfy { $0 >= 0 && $0 <= limit },
                        "pads \(pads) must have \(2 * rank) non-negative values")
            window.padBefore = Array(pads[..<rank])
            window.padAfter = Array(pads[rank...])
        case "VALID":
            window.isAutomatic = true
        case "SAME_UPPER", "SAME_LOWER":
            window.isAutomatic = true
            for i in 0..<rank {
                let output = (spatial[i] + stride[i] - 1) / stride[i]
                let total = max(0, (output - 1) * stride[i] + window.extent(i) - spatial[i])
                let smaller = total / 2
                window.padBefore[i] = autoPad == "SAME_UPPER" ? smaller : total - smaller
                window.padAfter[i] = total - window.padBefore[i]
            }
        default:
            throw c.fail("auto_pad '\(autoPad)' is not NOTSET, SAME_UPPER, SAME_LOWER or VALID")
        }
        return window
    }

    /// Batch, channels and spatial sizes of input 0, which must have at least one spatial axis.
    static func imageParts(_ c: NodeContext) throws(ONNXImportError) -> (type: TensorType, spatial: [Int]) {
        let type = try c.type(of: 0)
        try c.check(type.shape.count >= 3, "input \(Dimensions.describe(type.shape)) needs batch, channel and spatial axes")
        return (type, Array(type.shape.dropFirst(2)))
    }

    static func convolution(_ c: NodeContext) throws(ONNXImportError) -> Lowering {
        let (x, spatial) = try imageParts(c)
        let weight = try c.shape(of: 1)
        let groups = try c.int("group") ?? 1
        let channels = x.shape[1]
        try c.check(weight.count == x.shape.count, "weight \(Dimensions.describe(weight)) must have the input's rank \(x.shape.count)")
        try c.check(groups >= 1 && groups <= max(channels, 1) && channels % groups == 0 && weight[0] % groups == 0
                    && weight[1] == channels / groups,
                    "weight \(Dimensions.describe(weight)) with group \(groups) does not fit \(channels) input channels")
        let kernel = try c.ints("kernel_shape") ?? Array(weight.dropFirst(2))
        try c.check(kernel == Array(weight.dropFirst(2)), "kernel_shape \(kernel) differs from the weight's \(Dimensions.describe(weight))")
        let w = try window(c, kernel: kernel, spatial: spatial)
        if c.input(2) != nil {
            try c.check(try c.shape(of: 2) == [weight[0]], "bias must have shape [\(weight[0])]")
        }
        var output = [x.shape[0], weight[0]]
        for i in spatial.indices {
            let span = spatial[i] + w.padBefore[i] + w.padAfter[i] - w.extent(i)
            try c.check(span >= 0, "the window \(w.extent(i)) does not fit spatial axis \(i) of \(Dimensions.describe(x.shape)) with its padding")
            output.append(span / w.stride[i] + 1)
        }
        let operation = Operation.convolution(.init(
            filters: weight[0], kernel: kernel, stride: w.stride, paddingBefore: w.padBefore,
            paddingAfter: w.padAfter, dilation: w.dilation, groups: groups, bias: c.input(2) != nil))
        return Lowering(TensorType(shape: try c.checkedShape(output), elementType: x.elementType), operation,
                        operands: [0], parameters: [1, 2])
    }

    /// ConvTranspose: output size `stride (in - 1) + output_padding + extent - pads`,
    /// or `output_shape`, or `in * stride` under `SAME_*` padding.
    static func transposedConvolution(_ c: NodeContext) throws(ONNXImportError) -> Lowering {
        let (x, spatial) = try imageParts(c)
        let weight = try c.shape(of: 1)
        let groups = try c.int("group") ?? 1
        try c.check(weight.count == x.shape.count, "weight \(Dimensions.describe(weight)) must have the input's rank \(x.shape.count)")
        try c.check(groups >= 1 && groups <= max(x.shape[1], 1) && weight[0] == x.shape[1] && x.shape[1] % groups == 0,
                    "weight \(Dimensions.describe(weight)) with group \(groups) does not fit \(x.shape[1]) input channels")
        let filters = try c.product(weight[1], groups)
        let kernel = try c.ints("kernel_shape") ?? Array(weight.dropFirst(2))
        try c.check(kernel == Array(weight.dropFirst(2)), "kernel_shape \(kernel) differs from the weight's \(Dimensions.describe(weight))")
        var w = try window(c, kernel: kernel, spatial: spatial)
        let rank = spatial.count
        var outputPadding = try c.ints("output_padding") ?? Array(repeating: 0, count: rank)
        try c.check(outputPadding.count == rank && outputPadding.allSatisfy { $0 >= 0 && $0 <= Dimensions.maximumElements },
                    "output_padding \(outputPadding) must have \(rank) non-negative values")
        let autoPad = try c.string("auto_pad") ?? "NOTSET"
        var sizes: [Int] = []
        // The size before padding is taken off: stride (in - 1) + output_padding + extent.
        var full: [Int] = []
        for i in 0..<rank {
            try c.check(spatial[i] >= 1, "spatial axis \(i) of \(Dimensions.describe(x.shape)) is empty")
            full.append(try c.product(w.stride[i], spatial[i] - 1) + outputPadding[i] + w.extent(i))
        }
        if let requested = try c.ints("output_shape") {
            try c.check(requested.count >= rank, "output_shape \(requested) has fewer than \(rank) values")
            sizes = Array(requested.suffix(rank))
        } else if autoPad.hasPrefix("SAME") {
            for i in 0..<rank { sizes.append(try c.product(spatial[i], w.stride[i])) }
        }
        if sizes.isEmpty {
            sizes = (0..<rank).map { full[$0] - w.padBefore[$0] - w.padAfter[$0] }
        } else {
            // Explicit sizes: the pads (or, when negative, extra output padding) make up the difference.
            for i in 0..<rank {
                let total = full[i] - sizes[i]
                w.padBefore[i] = max(total, 0) / 2
                w.padAfter[i] = max(total, 0) - w.padBefore[i]
                outputPadding[i] += max(-total, 0)
            }
        }
        try c.check(sizes.allSatisfy { $0 >= 1 }, "the output spatial sizes \(sizes) are not positive")
        let operation = Operation.transposedConvolution(.init(
            filters: filters, kernel: kernel, stride: w.stride, paddingBefore: w.padBefore, paddingAfter: w.padAfter,
            dilation: w.dilation, groups: groups, bias: c.input(2) != nil, outputPadding: outputPadding))
        return Lowering(TensorType(shape: try c.checkedShape([x.shape[0], filters] + sizes), elementType: x.elementType),
                        operation, operands: [0], parameters: [1, 2])
    }

    /// MaxPool and AveragePool: `floor` (or with `ceil_mode`, `ceil`) of
    /// `(in + pads - extent) / stride + 1`; with `ceil_mode` a window may not
    /// start in the padding after the input. Under `auto_pad` the spec's
    /// formulas (`ceil(in / stride)` for `SAME_*`, `ceil((in - extent + 1) / stride)`
    /// for `VALID`) do not depend on `ceil_mode`. (onnx 1.23's shape inference
    /// disagrees with its own spec on both rules; the spec wins here.)
    static func pooling(_ c: NodeContext, _ kind: Operation.Pooling.Kind) throws(ONNXImportError) -> Lowering {
        let (x, spatial) = try imageParts(c)
        guard let kernel = try c.ints("kernel_shape") else { throw c.fail("attribute kernel_shape is missing") }
        let w = try window(c, kernel: kernel, spatial: spatial, dilations: kind == .max || c.opset >= 19)
        let ceilMode = try c.int("ceil_mode") ?? 0 != 0 && !w.isAutomatic
        var output = Array(x.shape.prefix(2))
        for i in spatial.indices {
            let span = spatial[i] + w.padBefore[i] + w.padAfter[i] - w.extent(i)
            try c.check(span >= 0, "the window \(w.extent(i)) does not fit spatial axis \(i) of \(Dimensions.describe(x.shape)) with its padding")
            var size = (ceilMode ? span + w.stride[i] - 1 : span) / w.stride[i] + 1
            if ceilMode, (size - 1) * w.stride[i] >= spatial[i] + w.padBefore[i] { size -= 1 }
            output.append(size)
        }
        let operation = Operation.pooling(.init(
            kind, kernel: kernel, stride: w.stride, paddingBefore: w.padBefore, paddingAfter: w.padAfter, ceilMode: ceilMode))
        return Lowering(TensorType(shape: output, elementType: x.elementType), operation)
    }

    static func globalPooling(_ c: NodeContext, _ kind: Operation.Pooling.Kind) throws(ONNXImportError) -> Lowering {
        let (x, spatial) = try imageParts(c)
        let output = Array(x.shape.prefix(2)) + Array(repeating: 1, count: spatial.count)
        return Lowering(TensorType(shape: output, elementType: x.elementType), .globalPooling(kind))
    }
}
