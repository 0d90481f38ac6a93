/// SplitMix64 (Steele, Lea and Flood, 2014): expands a 64-bit seed into generator state.
///
/// Written here rather than taken from the standard library so that the output depends on the seed alone,
/// on every platform and toolchain version.
struct SplitMix64: RandomNumberGenerator {
    private(set) var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// One SplitMix64 step applied to `value`: a fast, well-mixed 64-bit hash.
    static func mix(_ value: UInt64) -> UInt64 {
        var mixer = SplitMix64(seed: value)
        return mixer.next()
    }
}
