/// xoshiro256** 1.0 (Blackman and Vigna, 2018), the generator behind every synthetic value.
///
/// The system generator and `RandomNumberGenerator`-based helpers (`Int.random(in:using:)`) are never used:
/// their algorithms may change between toolchains, and generated files must stay byte-identical.
struct Xoshiro256StarStar {
    /// Independent purposes get independent streams, so that (for example) the agent roster for a seed
    /// does not change when the number of calls does.
    enum Stream: UInt64 {
        case agents = 1
        case callers = 2
        case calls = 3
        /// Which agents `generate --plant-integrity` makes game the survey.
        case planting = 4
    }

    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    init(seed: UInt64, stream: Stream) {
        var seeder = SplitMix64(seed: seed ^ SplitMix64.mix(stream.rawValue &* 0xA076_1D64_78BD_642F))
        s0 = seeder.next()
        s1 = seeder.next()
        s2 = seeder.next()
        s3 = seeder.next()
    }

    mutating func next() -> UInt64 {
        let result = Self.rotateLeft(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = Self.rotateLeft(s3, 45)
        return result
    }

    private static func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }
}
