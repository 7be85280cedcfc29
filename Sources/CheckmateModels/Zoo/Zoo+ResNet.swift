extension Zoo {
    /// ResNet50 or ResNet101 (He et al., "Deep Residual Learning for Image
    /// Recognition", CVPR 2016), as in torchvision (v1.5: the 3x3 convolution
    /// of a bottleneck carries its stride).
    ///
    /// A 7x7 strided convolution and max pooling, then bottleneck blocks
    /// (`[3, 4, 6, 3]` or `[3, 4, 23, 3]`) of 1x1, 3x3 and 1x1 convolutions
    /// without bias, each followed by batch norm, with a projection shortcut
    /// opening each stage, then global average pooling and a 1000-way
    /// classifier. Parameters: 25,557,032 for ResNet50 and 44,549,160 for ResNet101.
    public static func resNet(
        depth: Int, batch: Int, height: Int = 224, width: Int = 224, classes: Int = 1000
    ) throws(NetworkError) -> Network {
        let blockCounts = depth == 101 ? [3, 4, 23, 3] : [3, 4, 6, 3]
        var b = NetworkBuilder(name: "resnet\(depth)", input: [batch, 3, height, width])
        var x = b.convolution(b.input, filters: 64, kernel: 7, stride: 2, padding: 3, bias: false, name: "conv1")
        x = b.relu(b.batchNormalization(x, name: "bn1"), name: "relu1")
        x = b.maxPooling(x, kernel: 3, stride: 2, padding: 1, name: "maxpool")
        for (stage, count) in blockCounts.enumerated() {
            let width = 64 << stage
            for block in 0..<count {
                let name = "layer\(stage + 1).\(block)"
                let stride = stage > 0 && block == 0 ? 2 : 1
                var y = x
                for (i, (filters, kernel)) in [(width, 1), (width, 3), (4 * width, 1)].enumerated() {
                    y = b.convolution(y, filters: filters, kernel: kernel, stride: i == 1 ? stride : 1,
                                      padding: kernel / 2, bias: false, name: "\(name).conv\(i + 1)")
                    y = b.batchNormalization(y, name: "\(name).bn\(i + 1)")
                    if i < 2 { y = b.relu(y, name: "\(name).relu\(i + 1)") }
                }
                var shortcut = x
                if block == 0 {
                    shortcut = b.convolution(x, filters: 4 * width, kernel: 1, stride: stride, bias: false,
                                             name: "\(name).downsample.conv")
                    shortcut = b.batchNormalization(shortcut, name: "\(name).downsample.bn")
                }
                x = b.relu(b.add(y, shortcut, name: "\(name).add"), name: "\(name).relu")
            }
        }
        x = b.flatten(b.globalAveragePooling(x, name: "avgpool"), name: "flatten")
        _ = b.softmaxCrossEntropy(b.dense(x, units: classes, name: "fc"))
        return try b.build()
    }
}
