extension Zoo {
    /// VGG16 or VGG19 (Simonyan and Zisserman, "Very Deep Convolutional
    /// Networks for Large-Scale Image Recognition", ICLR 2015), configurations D and E.
    ///
    /// 3x3 convolutions with bias and ReLU in five stages, 2x2 max pooling,
    /// then fully connected layers of 4096, 4096 and `classes` units with
    /// dropout 0.5 after the first two. The first of them reads
    /// `512 (height / 32) (width / 32)` features, so the parameter count is the
    /// published one at 224x224 with 1000 classes: 138,357,544 for VGG16 and
    /// 143,667,240 for VGG19.
    public static func vgg(
        depth: Int, batch: Int, height: Int = 224, width: Int = 224, classes: Int = 1000
    ) throws(NetworkError) -> Network {
        let perStage = depth == 19 ? [2, 2, 4, 4, 4] : [2, 2, 3, 3, 3]
        var b = NetworkBuilder(name: "vgg\(depth)", input: [batch, 3, height, width])
        let pools = b.vggFeatures(b.input, convolutionsPerStage: perStage, batchNormalization: false)
        var x = b.flatten(pools.last!.pool, name: "flatten")
        for (index, units) in [4096, 4096].enumerated() {
            let n = index + 6
            x = b.dense(x, units: units, name: "fc\(n)")
            x = b.dropout(b.relu(x, name: "relu\(n)"), rate: 0.5, name: "drop\(n)")
        }
        _ = b.softmaxCrossEntropy(b.dense(x, units: classes, name: "fc8"))
        return try b.build()
    }
}

extension NetworkBuilder {
    /// One VGG stage's result: the last activation before pooling and the pooling.
    struct VGGStage {
        var features: LayerID
        var pool: LayerID
    }

    /// VGG16's or VGG19's convolutional part: stages of 64, 128, 256, 512 and
    /// 512 channels, each `conv -> (batch norm) -> relu` repeated, then 2x2 max pooling.
    mutating func vggFeatures(
        _ input: LayerID, convolutionsPerStage: [Int], batchNormalization: Bool
    ) -> [VGGStage] {
        let widths = [64, 128, 256, 512, 512]
        var x = input
        var stages: [VGGStage] = []
        for (stage, count) in convolutionsPerStage.enumerated() {
            for i in 1...count {
                let suffix = "\(stage + 1)_\(i)"
                x = convolution(x, filters: widths[stage], kernel: 3, padding: 1, name: "conv\(suffix)")
                if batchNormalization { x = self.batchNormalization(x, name: "bn\(suffix)") }
                x = relu(x, name: "relu\(suffix)")
            }
            let pool = maxPooling(x, kernel: 2, name: "pool\(stage + 1)")
            stages.append(VGGStage(features: x, pool: pool))
            x = pool
        }
        return stages
    }
}
