/// A way to price a node of a training graph from the work it does.
///
///     let graph = try network.trainingGraph(TrainingOptions(costModel: RooflineCostModel(device: .v100)))
public protocol CostModel: Sendable {
    /// The unit of the costs (the graph's `costUnit`).
    var unit: String { get }
    /// The cost of a node doing `work` on tensors of `dataType`.
    func cost(of work: NodeWork, dataType: DataType) -> Double
}

/// Costs in floating-point operations, the paper's cost model: a node costs
/// its FLOPs, in GFLOP.
public struct FLOPCostModel: CostModel {
    public init() {}

    public var unit: String { "GFLOP" }

    public func cost(of work: NodeWork, dataType: DataType) -> Double {
        work.flops / 1e9
    }
}
