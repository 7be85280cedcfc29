extension Zoo {
    /// FCN-8s (Long, Shelhamer and Darrell, "Fully Convolutional Networks
    /// for Semantic Segmentation", CVPR 2015) on VGG16, for an input whose
    /// sides are multiples of 32.
    ///
    /// VGG16's convolutions, its fully connected layers as a padded 7x7
    /// convolution (fc6) and a 1x1 convolution (fc7) with ReLU and dropout
    /// 0.5, a 1x1 class scorer, then three learned bias-free transposed
    /// convolutions (x2, x2, x8) fusing the scores of pool4 and pool3. Padding
    /// replaces the original's 100-pixel pad and crops, so no crop is needed.
    /// Parameters for 21 classes (PASCAL VOC): 134,489,759 (the paper's 134M).
    public static func fcn8(
        batch: Int, height: Int = 416, width: Int = 608, classes: Int = 21
    ) throws(NetworkError) -> Network {
        var b = NetworkBuilder(name: "fcn8", input: [batch, 3, height, width])
        let stages = b.vggFeatures(b.input, convolutionsPerStage: [2, 2, 3, 3, 3], batchNormalization: false)
        var x = b.convolution(stages[4].pool, filters: 4096, kernel: 7, padding: 3, name: "fc6")
        x = b.dropout(b.relu(x, name: "relu6"), rate: 0.5, name: "drop6")
        x = b.convolution(x, filters: 4096, kernel: 1, name: "fc7")
        x = b.dropout(b.relu(x, name: "relu7"), rate: 0.5, name: "drop7")
        x = b.convolution(x, filters: classes, kernel: 1, name: "score_fr")
        for (stage, name) in [(3, "pool4"), (2, "pool3")] {
            let up = b.transposedConvolution(x, filters: classes, kernel: 4, stride: 2, padding: 1, bias: false,
                                             name: "upscore_\(name)")
            let score = b.convolution(stages[stage].pool, filters: classes, kernel: 1, name: "score_\(name)")
            x = b.add(up, score, name: "fuse_\(name)")
        }
        x = b.transposedConvolution(x, filters: classes, kernel: 16, stride: 8, padding: 4, bias: false, name: "upscore8")
        _ = b.softmaxCrossEntropy(x)
        return try b.build()
    }
}
