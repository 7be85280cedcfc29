import Checkmate

/// The model zoo: the networks of the Checkmate paper's evaluation (Jain et
/// al., MLSys 2020: VGG16, VGG19, MobileNet, ResNet50, U-Net, FCN8, SegNet)
/// plus ResNet101 and BERT-base, by name, for any batch size and input size.
///
/// Each model's parameter count is the published figure for its
/// architecture (see each builder's documentation).
///
///     let graph = try Zoo.trainingGraph(named: "vgg19", batch: 64)
///     graph.count              // forward, loss and backward nodes
///     graph.constantMemory     // parameters, gradients, momentum, input batch
public enum Zoo {
    /// Every model, in the order `checkmate zoo list` prints them.
    public static let models: [ZooModel] = [
        ZooModel(name: "vgg16", task: .classification, summary: "VGG16, 224x224 ImageNet classifier",
                 parameterCount: 138_357_544, input: .image(height: 224, width: 224), sideMultiple: 32) { batch, size throws(NetworkError) in
            try vgg(depth: 16, batch: batch, height: size.height, width: size.width)
        },
        ZooModel(name: "vgg19", task: .classification, summary: "VGG19, 224x224 ImageNet classifier",
                 parameterCount: 143_667_240, input: .image(height: 224, width: 224), sideMultiple: 32) { batch, size throws(NetworkError) in
            try vgg(depth: 19, batch: batch, height: size.height, width: size.width)
        },
        ZooModel(name: "mobilenet", task: .classification, summary: "MobileNet v1 (1.0), depthwise separable",
                 parameterCount: 4_231_976, input: .image(height: 224, width: 224), sideMultiple: 32) { batch, size throws(NetworkError) in
            try mobileNet(batch: batch, height: size.height, width: size.width)
        },
        ZooModel(name: "resnet50", task: .classification, summary: "ResNet50 (torchvision v1.5)",
                 parameterCount: 25_557_032, input: .image(height: 224, width: 224), sideMultiple: 32) { batch, size throws(NetworkError) in
            try resNet(depth: 50, batch: batch, height: size.height, width: size.width)
        },
        ZooModel(name: "resnet101", task: .classification, summary: "ResNet101 (torchvision v1.5)",
                 parameterCount: 44_549_160, input: .image(height: 224, width: 224), sideMultiple: 32) { batch, size throws(NetworkError) in
            try resNet(depth: 101, batch: batch, height: size.height, width: size.width)
        },
        ZooModel(name: "unet", task: .segmentation, summary: "U-Net, padded, RGB input, 2 classes",
                 parameterCount: 31_031_810, input: .image(height: 416, width: 608), sideMultiple: 16) { batch, size throws(NetworkError) in
            try uNet(batch: batch, height: size.height, width: size.width)
        },
        ZooModel(name: "fcn8", task: .segmentation, summary: "FCN-8s on VGG16, 21 classes",
                 parameterCount: 134_489_759, input: .image(height: 416, width: 608), sideMultiple: 32) { batch, size throws(NetworkError) in
            try fcn8(batch: batch, height: size.height, width: size.width)
        },
        ZooModel(name: "segnet", task: .segmentation, summary: "SegNet (VGG16 encoder-decoder, batch norm), 12 classes",
                 parameterCount: 29_449_932, input: .image(height: 416, width: 608), sideMultiple: 32) { batch, size throws(NetworkError) in
            try segNet(batch: batch, height: size.height, width: size.width)
        },
        ZooModel(name: "bert-base", task: .language, summary: "BERT-base encoder, sequence classification",
                 parameterCount: 109_483_778, input: .sequence(length: 128), sideMultiple: 1) { batch, size throws(NetworkError) in
            try bert(batch: batch, sequenceLength: size.width)
        },
    ]

    /// The model called `name` (case-insensitive; a `zoo:` prefix is allowed).
    public static func model(named name: String) -> ZooModel? {
        var key = name.lowercased()
        if key.hasPrefix("zoo:") { key.removeFirst(4) }
        return models.first { $0.name == key }
    }

    /// The network of the model called `name`.
    ///
    /// - Parameters:
    ///   - name: a name of ``models``, with or without `zoo:`, in any case.
    ///   - batch: the examples per training step.
    ///   - input: the resolution (or sequence length); the model's default when nil.
    public static func network(named name: String, batch: Int, input: ZooModel.Input? = nil) throws(ZooError) -> Network {
        guard let model = model(named: name) else { throw .unknownModel(name) }
        return try model.network(batch: batch, input: input)
    }

    /// The training graph of the model called `name`.
    public static func trainingGraph(
        named name: String, batch: Int, input: ZooModel.Input? = nil, options: TrainingOptions = TrainingOptions()
    ) throws(ZooError) -> TrainingGraph {
        let network = try network(named: name, batch: batch, input: input)
        do {
            var graph = try network.trainingGraph(options)
            graph.name = "\(network.name)-b\(batch)"
            return graph
        } catch {
            throw .network(error)
        }
    }
}
