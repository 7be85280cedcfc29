import CheckmateModels

/// Small networks that between them use every kernel of the runtime, in
/// patterns the zoo uses (residual blocks, depthwise separable blocks,
/// encoder-decoders with skips and unpooling). Poolings have no padding, as
/// ``TrainingProgram/measureReads()`` requires.
enum TestNetworks {
    /// A ResNet stage: convolution, batch norm and ReLU, a bottleneck block with
    /// a projection shortcut, a second block with an identity shortcut, max
    /// pooling, dropout, global average pooling and a classifier.
    static func residual(batch: Int = 2) throws -> Network {
        var b = NetworkBuilder(name: "residual", input: [batch, 3, 8, 8])
        var x = b.relu(b.batchNormalization(b.convolution(b.input, filters: 16, kernel: 3, padding: 1, bias: false,
                                                          name: "stem"), name: "stem_bn"), name: "stem_relu")
        for block in 0..<2 {
            var y = x
            for (i, kernel) in [1, 3, 1].enumerated() {
                y = b.convolution(y, filters: i == 2 ? 32 : 16, kernel: kernel, padding: kernel / 2, bias: false,
                                  name: "b\(block).conv\(i)")
                y = b.batchNormalization(y, name: "b\(block).bn\(i)")
                if i < 2 { y = b.relu(y, name: "b\(block).relu\(i)") }
            }
            let shortcut = block == 0
                ? b.batchNormalization(b.convolution(x, filters: 32, kernel: 1, bias: false, name: "b0.down"), name: "b0.down_bn")
                : x
            x = b.relu(b.add(y, shortcut, name: "b\(block).add"), name: "b\(block).out")
        }
        x = b.dropout(b.maxPooling(x, kernel: 2, name: "pool"), rate: 0.25, name: "drop")
        x = b.dense(b.flatten(b.globalAveragePooling(x, name: "gap")), units: 5, name: "fc")
        _ = b.softmaxCrossEntropy(x)
        return try b.build()
    }

    /// A MobileNet block and more activations: convolution, batch norm and
    /// ReLU6, a depthwise separable block, tanh, GELU, leaky ReLU, nearest
    /// upsampling, average pooling, global max pooling and a classifier.
    static func separable(batch: Int = 2) throws -> Network {
        var b = NetworkBuilder(name: "separable", input: [batch, 3, 8, 8])
        func normalized(_ x: LayerID, _ name: String) -> LayerID {
            b.activation(.clip(minimum: 0, maximum: 6), b.batchNormalization(x, name: "\(name)_bn"), name: "\(name)_relu6")
        }
        var x = normalized(b.convolution(b.input, filters: 16, kernel: 3, stride: 2, padding: 1, bias: false, name: "conv"), "conv")
        x = normalized(b.depthwiseConvolution(x, kernel: 3, padding: 1, bias: false, name: "dw"), "dw")
        x = b.activation(.tanh, b.convolution(x, filters: 32, kernel: 1, name: "pw"), name: "tanh")
        x = b.activation(.gelu, b.upsampling(x, scale: 2, name: "up"), name: "gelu")
        x = b.activation(.leakyRelu(alpha: 0.1), b.averagePooling(x, kernel: 2, name: "avg"), name: "leaky")
        x = b.dense(b.flatten(b.add(.globalPooling(.max), [x], name: "gmp")), units: 4, name: "fc")
        _ = b.softmaxCrossEntropy(x)
        return try b.build()
    }

    /// An encoder-decoder: U-Net's skip through a concatenation after a
    /// transposed convolution, and SegNet's max unpooling by a pooling's
    /// indices, to a per-pixel loss of 3 classes.
    static func encoderDecoder(batch: Int = 2) throws -> Network {
        var b = NetworkBuilder(name: "encoder-decoder", input: [batch, 3, 8, 8])
        let skip = b.relu(b.convolution(b.input, filters: 16, kernel: 3, padding: 1, name: "enc"), name: "enc_relu")
        let pool = b.maxPooling(skip, kernel: 2, name: "pool")
        var x = b.activation(.sigmoid, b.convolution(pool, filters: 16, kernel: 3, padding: 1, name: "mid"), name: "mid_sigmoid")
        let unpooled = b.maxUnpooling(x, indicesOf: pool, name: "unpool")
        x = b.transposedConvolution(x, filters: 16, kernel: 2, stride: 2, name: "upconv")
        x = b.concatenation([skip, x, unpooled], name: "concat")
        x = b.relu(b.batchNormalization(b.convolution(x, filters: 16, kernel: 3, padding: 1, name: "dec"), name: "dec_bn"),
                   name: "dec_relu")
        _ = b.softmaxCrossEntropy(b.convolution(x, filters: 3, kernel: 1, name: "classifier"))
        return try b.build()
    }

    /// A network with smooth functions only, for central differences: batch
    /// norm, tanh, sigmoid, GELU, average pooling, a transposed convolution,
    /// a concatenation and an addition.
    static func smooth(batch: Int = 2) throws -> Network {
        var b = NetworkBuilder(name: "smooth", input: [batch, 2, 6, 6])
        let a = b.activation(.tanh, b.batchNormalization(b.convolution(b.input, filters: 4, kernel: 3, padding: 1, name: "c1"),
                                                         name: "n1"), name: "t1")
        var x = b.activation(.sigmoid, b.convolution(a, filters: 4, kernel: 3, stride: 2, padding: 1, name: "c2"), name: "s2")
        x = b.activation(.gelu, b.transposedConvolution(x, filters: 4, kernel: 2, stride: 2, name: "up"), name: "g3")
        let merged = b.concatenation([x, a], name: "cat")
        x = b.add(b.convolution(merged, filters: 4, kernel: 1, name: "c4"), a, name: "sum")
        x = b.dense(b.flatten(b.averagePooling(x, kernel: 3, name: "avg")), units: 3, name: "fc")
        _ = b.softmaxCrossEntropy(x)
        return try b.build()
    }

    static let all: [(name: String, make: @Sendable () throws -> Network)] = [
        ("residual", { try residual() }), ("separable", { try separable() }), ("encoder-decoder", { try encoderDecoder() }),
        ("smooth", { try smooth() }),
    ]
}
