extension Zoo {
    /// SegNet (Badrinarayanan, Kendall and Cipolla, "SegNet: A Deep
    /// Convolutional Encoder-Decoder Architecture for Image Segmentation",
    /// TPAMI 2017), for an input whose sides are multiples of 32.
    ///
    /// The encoder is VGG16's 13 convolutions, each followed by batch norm and
    /// ReLU, with 2x2 max pooling; the decoder mirrors it, each stage opening
    /// with max unpooling by the matching pooling's indices, and ends with a
    /// 3x3 convolution to `classes`. Parameters for 12 classes (CamVid):
    /// 29,449,932 (the paper's 29.5M).
    public static func segNet(
        batch: Int, height: Int = 416, width: Int = 608, classes: Int = 12
    ) throws(NetworkError) -> Network {
        var b = NetworkBuilder(name: "segnet", input: [batch, 3, height, width])
        let stages = b.vggFeatures(b.input, convolutionsPerStage: [2, 2, 3, 3, 3], batchNormalization: true)
        // Decoder stages from the bottom: the output channels of each convolution.
        let decoder: [[Int]] = [[512, 512, 512], [512, 512, 256], [256, 256, 128], [128, 64], [64]]
        var x = stages[4].pool
        for (index, widths) in decoder.enumerated() {
            let stage = 5 - index
            x = b.maxUnpooling(x, indicesOf: stages[stage - 1].pool, name: "unpool\(stage)")
            for (i, filters) in widths.enumerated() {
                let suffix = "\(stage)_\(widths.count - i)_D"
                x = b.convolution(x, filters: filters, kernel: 3, padding: 1, name: "conv\(suffix)")
                x = b.relu(b.batchNormalization(x, name: "bn\(suffix)"), name: "relu\(suffix)")
            }
        }
        x = b.convolution(x, filters: classes, kernel: 3, padding: 1, name: "classifier")
        _ = b.softmaxCrossEntropy(x)
        return try b.build()
    }
}
