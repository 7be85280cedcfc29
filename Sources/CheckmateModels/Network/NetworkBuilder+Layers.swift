/// Convenience methods for the common layers; each calls ``NetworkBuilder/add(_:_:name:shape:parameterCount:)``.
extension NetworkBuilder {
    /// A 2-D convolution with a square window and symmetric padding.
    public mutating func convolution(
        _ x: LayerID, filters: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
        groups: Int = 1, bias: Bool = true, name: String? = nil
    ) -> LayerID {
        add(.convolution(.init(filters: filters, kernel: kernel, stride: stride, padding: padding,
                               groups: groups, bias: bias)), [x], name: name)
    }

    /// A 2-D depthwise convolution: one filter per input channel.
    public mutating func depthwiseConvolution(
        _ x: LayerID, kernel: Int, stride: Int = 1, padding: Int = 0, bias: Bool = true, name: String? = nil
    ) -> LayerID {
        let channels = shape(of: x).rank > 1 ? shape(of: x)[1] : 0
        return convolution(x, filters: channels, kernel: kernel, stride: stride, padding: padding,
                           groups: channels, bias: bias, name: name)
    }

    /// A 2-D transposed convolution with a square window.
    public mutating func transposedConvolution(
        _ x: LayerID, filters: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
        bias: Bool = true, name: String? = nil
    ) -> LayerID {
        add(.transposedConvolution(.init(filters: filters, kernel: kernel, stride: stride, padding: padding,
                                         bias: bias)), [x], name: name)
    }

    public mutating func batchNormalization(_ x: LayerID, name: String? = nil) -> LayerID {
        add(.batchNormalization, [x], name: name)
    }

    /// Layer normalization over the last axis.
    public mutating func layerNormalization(_ x: LayerID, name: String? = nil) -> LayerID {
        add(.layerNormalization(axis: -1), [x], name: name)
    }

    public mutating func relu(_ x: LayerID, name: String? = nil) -> LayerID {
        add(.activation(.relu), [x], name: name)
    }

    public mutating func activation(_ function: Operation.Activation, _ x: LayerID, name: String? = nil) -> LayerID {
        add(.activation(function), [x], name: name)
    }

    public mutating func softmax(_ x: LayerID, axis: Int = -1, name: String? = nil) -> LayerID {
        add(.softmax(axis: axis), [x], name: name)
    }

    public mutating func dropout(_ x: LayerID, rate: Double, name: String? = nil) -> LayerID {
        add(.dropout(rate: rate), [x], name: name)
    }

    public mutating func dense(_ x: LayerID, units: Int, bias: Bool = true, name: String? = nil) -> LayerID {
        add(.dense(units: units, bias: bias), [x], name: name)
    }

    public mutating func matrixMultiplication(
        _ a: LayerID, _ b: LayerID, transposeB: Bool = false, name: String? = nil
    ) -> LayerID {
        add(.matrixMultiplication(transposeA: false, transposeB: transposeB), [a, b], name: name)
    }

    public mutating func embedding(_ indices: LayerID, vocabulary: Int, dimension: Int, name: String? = nil) -> LayerID {
        add(.embedding(vocabulary: vocabulary, dimension: dimension), [indices], name: name)
    }

    /// 2-D max pooling with a square window; the stride defaults to the window.
    public mutating func maxPooling(
        _ x: LayerID, kernel: Int, stride: Int? = nil, padding: Int = 0, ceilMode: Bool = false, name: String? = nil
    ) -> LayerID {
        add(.pooling(.init(.max, kernel: kernel, stride: stride, padding: padding, ceilMode: ceilMode)), [x], name: name)
    }

    /// 2-D average pooling with a square window; the stride defaults to the window.
    public mutating func averagePooling(
        _ x: LayerID, kernel: Int, stride: Int? = nil, padding: Int = 0, name: String? = nil
    ) -> LayerID {
        add(.pooling(.init(.average, kernel: kernel, stride: stride, padding: padding)), [x], name: name)
    }

    public mutating func globalAveragePooling(_ x: LayerID, name: String? = nil) -> LayerID {
        add(.globalPooling(.average), [x], name: name)
    }

    /// The inverse of the max pooling `pool`, back to the spatial size of that pooling's input.
    public mutating func maxUnpooling(_ x: LayerID, indicesOf pool: LayerID, name: String? = nil) -> LayerID {
        let poolInput = layers.indices.contains(pool.index)
            ? layers[pool.index].inputs.first.map { layers[$0].shape } ?? [] : []
        return add(.maxUnpooling(outputSize: poolInput.spatial), [x, pool], name: name)
    }

    public mutating func upsampling(
        _ x: LayerID, scale: Int, mode: Operation.UpsamplingMode = .nearest, name: String? = nil
    ) -> LayerID {
        add(.upsampling(scale: [scale, scale], mode: mode), [x], name: name)
    }

    public mutating func add(_ a: LayerID, _ b: LayerID, name: String? = nil) -> LayerID {
        add(.binary(.add), [a, b], name: name)
    }

    /// Concatenation along `axis` (channels by default).
    public mutating func concatenation(_ xs: [LayerID], axis: Int = 1, name: String? = nil) -> LayerID {
        add(.concatenation(axis: axis), xs, name: name)
    }

    /// Flattens all axes after the batch.
    public mutating func flatten(_ x: LayerID, name: String? = nil) -> LayerID {
        add(.view(.flatten(axis: 1)), [x], name: name)
    }

    public mutating func reshape(_ x: LayerID, to shape: [Int], name: String? = nil) -> LayerID {
        add(.view(.reshape(shape)), [x], name: name)
    }

    public mutating func transpose(_ x: LayerID, _ permutation: [Int], name: String? = nil) -> LayerID {
        add(.view(.transpose(permutation)), [x], name: name)
    }

    /// The region `offsets ..< offsets + size` of the spatial axes (an FCN crop).
    public mutating func crop(_ x: LayerID, offsets: [Int], size: [Int], name: String? = nil) -> LayerID {
        let axes = Array(2..<(2 + size.count))
        return add(.slice(axes: axes, starts: offsets, ends: zip(offsets, size).map(+)), [x], name: name)
    }

    /// The training loss on `logits`, classes along `classAxis`.
    public mutating func softmaxCrossEntropy(_ logits: LayerID, classAxis: Int = 1, name: String = "loss") -> LayerID {
        add(.softmaxCrossEntropy(classAxis: classAxis), [logits], name: name)
    }
}
