/// Costs in seconds on a device: a node takes as long as its arithmetic or
/// its memory traffic, whichever is slower (the roofline model,
/// `max(flops / peak, bytes moved / bandwidth)`).
///
///     let model = RooflineCostModel(device: .a100_40GB)
///     model.cost(of: NodeWork(flops: 2e12, bytesMoved: 1e9), dataType: .float16)   // 0.0064 s
public struct RooflineCostModel: CostModel {
    public var device: DeviceProfile

    public init(device: DeviceProfile) {
        self.device = device
    }

    public var unit: String { "seconds" }

    public func cost(of work: NodeWork, dataType: DataType) -> Double {
        max(work.flops / device.peakFLOPS(dataType), work.bytesMoved / device.bandwidth)
    }
}
