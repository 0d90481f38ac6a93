/// The callers of a run: a pool of distinct Swiss phone numbers, with a small group of frequent callers,
/// so that repeat contacts occur at every scale.
///
/// The pool has three members per call (at least 20, at most 10 million); 80 % of calls come from anyone
/// in it, 20 % from its first 1 % (the frequent callers). In a run of a million calls about 40 % of calls
/// come from a number that calls more than once. Number `k` of the pool is
/// `+41 PP SSS SS SS` with the subscriber part a seed-dependent permutation of `k` (distinct for distinct
/// `k`) and the prefix (mobile 75–79 for about two thirds, else a landline area code) hashed from `k`.
struct CallerPool {
    static let maximumSize = 10_000_000

    let size: Int
    let frequentSize: Int
    private let permutationOffset: UInt64
    private let prefixSalt: UInt64

    /// Prefix codes with their share in percent (the shares add up to 100).
    private static let prefixShares: [(code: Int, percent: Int)] = [
        (79, 22), (78, 16), (77, 9), (76, 13), (75, 3),
        (44, 8), (43, 4), (31, 5), (61, 5), (22, 5), (21, 3), (41, 3), (71, 2), (52, 2),
    ]

    /// One entry per percent: a hash modulo 100 picks the prefix.
    private static let prefixTable: [Int] = prefixShares.flatMap { repeatElement($0.code, count: $0.percent) }

    init(totalCalls: Int, seed: UInt64) {
        size = totalCalls >= Self.maximumSize / 3 ? Self.maximumSize : max(totalCalls * 3, 20)
        frequentSize = max(size / 100, 1)
        var random = Xoshiro256StarStar(seed: seed, stream: .callers)
        permutationOffset = random.below(UInt64(Self.maximumSize))
        prefixSalt = random.next()
    }

    /// The pool index of the next caller.
    func draw(using random: inout Xoshiro256StarStar) -> Int {
        if random.chance(0.20) {
            return Int(random.below(UInt64(frequentSize)))
        }
        return Int(random.below(UInt64(size)))
    }

    /// Writes number `index` as `+41 79 123 45 67`.
    func writeNumber(_ index: Int, to writer: inout CSVFileWriter) {
        // 7_654_321 is coprime to 10^7, so this is a permutation of 0..<10^7.
        let subscriber = Int((UInt64(index) &* 7_654_321 &+ permutationOffset) % UInt64(Self.maximumSize))
        let table = Self.prefixTable
        let prefix = table[Int(SplitMix64.mix(UInt64(index) ^ prefixSalt) % UInt64(table.count))]
        writer.appendASCII("+41 ")
        writer.appendPadded(prefix, width: 2)
        writer.appendByte(UInt8(ascii: " "))
        writer.appendPadded(subscriber / 10_000, width: 3)
        writer.appendByte(UInt8(ascii: " "))
        writer.appendPadded(subscriber / 100 % 100, width: 2)
        writer.appendByte(UInt8(ascii: " "))
        writer.appendPadded(subscriber % 100, width: 2)
    }
}
