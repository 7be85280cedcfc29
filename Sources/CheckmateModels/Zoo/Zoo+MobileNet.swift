extension Zoo {
    /// MobileNet v1 with width multiplier 1.0 (Howard et al., "MobileNets:
    /// Efficient Convolutional Neural Networks for Mobile Vision
    /// Applications", 2017), as in Keras Applications.
    ///
    /// A strided 3x3 convolution, then 13 depthwise separable blocks
    /// (depthwise 3x3 and pointwise 1x1 convolutions, each without bias and
    /// followed by batch norm and ReLU6), global average pooling, dropout
    /// 0.001 and a 1000-way classifier. Trainable parameters: 4,231,976 (the
    /// published 4.2M; Keras's 4,253,864 adds batch norm's running statistics,
    /// which are not trained).
    public static func mobileNet(
        batch: Int, height: Int = 224, width: Int = 224, classes: Int = 1000
    ) throws(NetworkError) -> Network {
        var b = NetworkBuilder(name: "mobilenet", input: [batch, 3, height, width])
        func normalized(_ x: LayerID, _ name: String) -> LayerID {
            b.activation(.clip(minimum: 0, maximum: 6), b.batchNormalization(x, name: "\(name)_bn"), name: "\(name)_relu")
        }
        var x = normalized(b.convolution(b.input, filters: 32, kernel: 3, stride: 2, padding: 1, bias: false,
                                         name: "conv1"), "conv1")
        let blocks: [(filters: Int, stride: Int)] = [
            (64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2),
            (512, 1), (512, 1), (512, 1), (512, 1), (512, 1), (1024, 2), (1024, 1),
        ]
        for (index, block) in blocks.enumerated() {
            let n = index + 1
            x = normalized(b.depthwiseConvolution(x, kernel: 3, stride: block.stride, padding: 1, bias: false,
                                                  name: "conv_dw_\(n)"), "conv_dw_\(n)")
            x = normalized(b.convolution(x, filters: block.filters, kernel: 1, bias: false,
                                         name: "conv_pw_\(n)"), "conv_pw_\(n)")
        }
        x = b.flatten(b.globalAveragePooling(x, name: "global_pool"), name: "flatten")
        x = b.dense(b.dropout(x, rate: 0.001, name: "dropout"), units: classes, name: "predictions")
        _ = b.softmaxCrossEntropy(x)
        return try b.build()
    }
}
