/// How ``Network/trainingGraph(_:)`` turns a network into a training graph.
public struct TrainingOptions: Sendable {
    /// The type of activations, gradients, parameters and optimizer state.
    public var dataType: DataType
    /// The optimizer whose state counts in `constantMemory`.
    public var optimizer: Optimizer
    /// What a node costs.
    public var costModel: any CostModel
    /// Whether pointwise layers (normalizations, activations) share the node of
    /// the layer before them, as frameworks fuse them: fewer, larger nodes.
    public var fusesPointwiseLayers: Bool

    public init(dataType: DataType = .float32, optimizer: Optimizer = .momentum,
                costModel: any CostModel = FLOPCostModel(), fusesPointwiseLayers: Bool = false) {
        self.dataType = dataType
        self.optimizer = optimizer
        self.costModel = costModel
        self.fusesPointwiseLayers = fusesPointwiseLayers
    }
}
