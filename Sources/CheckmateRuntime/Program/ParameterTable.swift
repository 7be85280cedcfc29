/// The trainable parameters of a program, laid out in one block of floats:
/// each layer's tensors at offsets aligned to 64 bytes, with their initial values.
///
/// Gradients and optimizer state use the same layout in blocks of their own,
/// so an optimizer step is one pass over equal-length arrays.
struct ParameterTable {
    /// How a tensor's initial values are drawn.
    enum Initializer: Hashable, Sendable {
        /// Uniform in `low...high`, drawn from the seed and the value's position.
        case uniform(low: Float, high: Float)
    }

    struct Entry: Hashable, Sendable {
        var name: String
        var block: ParameterBlock
        var initializer: Initializer
    }

    private(set) var entries: [Entry] = []
    /// Floats in the block, alignment included.
    private(set) var count = 0

    /// Reserves `count` parameters called `name` (such as `conv1.weight`).
    mutating func allocate(_ count: Int, name: String, _ initializer: Initializer) -> ParameterBlock {
        let block = ParameterBlock(offset: self.count, count: count)
        entries.append(Entry(name: name, block: block, initializer: initializer))
        self.count += (count + 15) / 16 * 16
        return block
    }

    /// The trainable parameters, without alignment.
    var parameterCount: Int { entries.reduce(0) { $0 + $1.block.count } }

    /// He's uniform initialization for weights read `fanIn` at a time: within `sqrt(6 / fanIn)`.
    static func he(fanIn: Int) -> Initializer {
        let bound = (6 / Float(max(fanIn, 1))).squareRoot()
        return .uniform(low: -bound, high: bound)
    }
}

/// A value in `0..<1` that depends only on `seed` and `index` (SplitMix64's
/// finalizer on their mix), so tensors are drawn in any order, in parallel or
/// one element at a time, with the same result.
func uniformValue(seed: UInt64, index: UInt64) -> Float {
    var z = seed &+ (index &+ 1) &* 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    z ^= z >> 31
    return Float(z >> 40) * 0x1p-24
}
