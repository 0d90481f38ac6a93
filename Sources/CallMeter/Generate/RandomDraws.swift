/// Draws built only from integer arithmetic and IEEE-754 basic operations (+ − × ÷), which round the
/// same way everywhere, so the generated files do not depend on the platform's libm.
extension Xoshiro256StarStar {
    /// A uniform integer in `0..<bound` (Lemire's multiply-shift with rejection, so without bias);
    /// 0 when `bound` is 0 or 1.
    mutating func below(_ bound: UInt64) -> UInt64 {
        guard bound > 1 else { return 0 }
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = next().multipliedFullWidth(by: bound)
            }
        }
        return product.high
    }

    /// A uniform integer in `range`; the range comes from this module's constants, never from input.
    mutating func int(in range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(below(width))
    }

    /// A uniform value in [0, 1) with 53 random bits.
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// Fisher–Yates, from the last element down: every order equally likely.
    mutating func shuffle<Element>(_ elements: inout [Element]) {
        guard elements.count > 1 else { return }
        for index in stride(from: elements.count - 1, to: 0, by: -1) {
            elements.swapAt(index, Int(below(UInt64(index + 1))))
        }
    }

    /// True with probability `probability`.
    mutating func chance(_ probability: Double) -> Bool {
        unit() < probability
    }

    /// An approximately standard normal value: the Irwin–Hall sum of four uniforms, centred and scaled to
    /// a standard deviation of 1. Bounded to ±3.46, which suits talk times and rating noise.
    mutating func normalish() -> Double {
        let sum = unit() + unit() + unit() + unit()
        return (sum - 2) * 1.732_050_807_568_877_2
    }
}

/// e^x for the small arguments the generator uses (|x| ≤ 8), from basic operations only:
/// a degree-12 Taylor series for e^(x/64), squared six times. Relative error is below 1e-12 there.
func portableExp(_ x: Double) -> Double {
    let y = x / 64
    var term = 1.0
    var sum = 1.0
    for k in 1...12 {
        term = term * y / Double(k)
        sum += term
    }
    for _ in 0..<6 {
        sum *= sum
    }
    return sum
}
