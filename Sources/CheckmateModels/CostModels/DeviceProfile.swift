/// An accelerator's peak arithmetic rate, memory bandwidth and capacity, for the roofline model.
///
/// Figures are the vendors' data-sheet peaks (dense, no sparsity): V100
/// SXM2 16 GB, A100 SXM 40 and 80 GB, H100 SXM 80 GB. Half-precision work
/// runs at the tensor-core rate; `float32` at the plain FP32 rate (no TF32),
/// and a type the device lacks (bfloat16 on a V100) at the FP32 rate.
public struct DeviceProfile: Hashable, Sendable {
    /// The name used on the command line (`a100-40gb`).
    public var name: String
    /// Device memory in bytes.
    public var memory: Int
    /// Peak FP32 FLOP/s.
    public var float32FLOPS: Double
    /// Peak FP16 tensor-core FLOP/s.
    public var float16FLOPS: Double
    /// Peak BF16 tensor-core FLOP/s, nil when the device has none.
    public var bfloat16FLOPS: Double?
    /// Memory bandwidth in bytes per second.
    public var bandwidth: Double

    public init(name: String, memory: Int, float32FLOPS: Double, float16FLOPS: Double,
                bfloat16FLOPS: Double?, bandwidth: Double) {
        self.name = name
        self.memory = memory
        self.float32FLOPS = float32FLOPS
        self.float16FLOPS = float16FLOPS
        self.bfloat16FLOPS = bfloat16FLOPS
        self.bandwidth = bandwidth
    }

    /// The peak rate for arithmetic on `dataType`.
    public func peakFLOPS(_ dataType: DataType) -> Double {
        switch dataType {
        case .float16: float16FLOPS
        case .bfloat16: bfloat16FLOPS ?? float32FLOPS
        default: float32FLOPS
        }
    }

    private static let gigabyte = 1 << 30

    /// NVIDIA V100 SXM2 16 GB: 15.7 TFLOP/s FP32, 125 FP16 tensor, 900 GB/s.
    public static let v100 = DeviceProfile(
        name: "v100", memory: 16 * gigabyte, float32FLOPS: 15.7e12, float16FLOPS: 125e12,
        bfloat16FLOPS: nil, bandwidth: 900e9)
    /// NVIDIA A100 SXM 40 GB: 19.5 TFLOP/s FP32, 312 FP16/BF16 tensor, 1555 GB/s.
    public static let a100_40GB = DeviceProfile(
        name: "a100-40gb", memory: 40 * gigabyte, float32FLOPS: 19.5e12, float16FLOPS: 312e12,
        bfloat16FLOPS: 312e12, bandwidth: 1555e9)
    /// NVIDIA A100 SXM 80 GB: 19.5 TFLOP/s FP32, 312 FP16/BF16 tensor, 2039 GB/s.
    public static let a100_80GB = DeviceProfile(
        name: "a100-80gb", memory: 80 * gigabyte, float32FLOPS: 19.5e12, float16FLOPS: 312e12,
        bfloat16FLOPS: 312e12, bandwidth: 2039e9)
    /// NVIDIA H100 SXM 80 GB: 67 TFLOP/s FP32, 989 FP16/BF16 tensor (dense), 3350 GB/s.
    public static let h100 = DeviceProfile(
        name: "h100", memory: 80 * gigabyte, float32FLOPS: 67e12, float16FLOPS: 989e12,
        bfloat16FLOPS: 989e12, bandwidth: 3350e9)

    /// Every preset, smallest first.
    public static let all: [DeviceProfile] = [.v100, .a100_40GB, .a100_80GB, .h100]

    /// The preset called `name`.
    public static func named(_ name: String) -> DeviceProfile? {
        all.first { $0.name == name.lowercased() }
    }
}
