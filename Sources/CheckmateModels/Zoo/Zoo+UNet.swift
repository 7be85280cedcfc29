extension Zoo {
    /// U-Net (Ronneberger et al., "U-Net: Convolutional Networks for
    /// Biomedical Image Segmentation", MICCAI 2015) with padded convolutions,
    /// so the output has the input's resolution (a multiple of 16).
    ///
    /// Four contracting stages of two 3x3 convolutions with bias and ReLU
    /// (64 to 512 channels) and 2x2 max pooling, a 1024-channel bottom, then
    /// four expanding stages of a 2x2 stride-2 transposed convolution halving
    /// the channels, concatenation with the contracting stage's features and
    /// two 3x3 convolutions, and a 1x1 convolution to `classes`. Parameters:
    /// 31,030,593 with one input channel and one class (the figure usually
    /// quoted), plus 576 per further input channel and 65 per further class:
    /// 31,031,810 for the zoo's RGB input and two classes.
    public static func uNet(
        batch: Int, height: Int = 416, width: Int = 608, channels: Int = 3, classes: Int = 2
    ) throws(NetworkError) -> Network {
        var b = NetworkBuilder(name: "unet", input: [batch, channels, height, width])
        func doubleConvolution(_ x: LayerID, _ filters: Int, _ name: String) -> LayerID {
            var x = x
            for i in 1...2 {
                x = b.relu(b.convolution(x, filters: filters, kernel: 3, padding: 1, name: "\(name)_conv\(i)"),
                           name: "\(name)_relu\(i)")
            }
            return x
        }
        var x = b.input
        var skips: [LayerID] = []
        for level in 0..<4 {
            let features = doubleConvolution(x, 64 << level, "down\(level + 1)")
            skips.append(features)
            x = b.maxPooling(features, kernel: 2, name: "down\(level + 1)_pool")
        }
        x = doubleConvolution(x, 1024, "bottom")
        for level in (0..<4).reversed() {
            let filters = 64 << level
            let up = b.transposedConvolution(x, filters: filters, kernel: 2, stride: 2, name: "up\(level + 1)_upconv")
            let merged = b.concatenation([skips[level], up], name: "up\(level + 1)_concat")
            x = doubleConvolution(merged, filters, "up\(level + 1)")
        }
        _ = b.softmaxCrossEntropy(b.convolution(x, filters: classes, kernel: 1, name: "classifier"))
        return try b.build()
    }
}
