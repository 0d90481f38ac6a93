/// How a quotient that is not a whole number becomes one.
package enum RoundingMode: String, Sendable, CaseIterable {
    /// Towards zero (`increment_mode: "down"`).
    case down
    /// Away from zero (`increment_mode: "up"`).
    case up
    /// To the nearest, exact halves away from zero (`increment_mode: "nearest"`,
    /// `amount_rounding: "half-up"`).
    case halfUp = "half-up"
    /// To the nearest, exact halves to the even neighbour (`amount_rounding: "half-even"`).
    case halfEven = "half-even"
}

/// The one rounding step of payroll. Every amount, every increment and every displayed quotient
/// (billable minutes, hourly earnings) goes through `divide(_:by:_:)`, so there is exactly one
/// place that decides what happens to a remainder.
package enum Rounding {
    /// `numerator / denominator` rounded to a whole number by `mode`, in exact integer arithmetic.
    ///
    /// `denominator` must be positive; zero or less is reported as an overflow, not a trap.
    package static func divide(_ numerator: Int64, by denominator: Int64, _ mode: RoundingMode) throws(PayrollError) -> Int64 {
        guard denominator > 0 else { throw .overflow("a division by \(denominator)") }
        // Truncating division cannot overflow with a positive denominator.
        let quotient = numerator / denominator
        let remainder = numerator % denominator
        if remainder == 0 { return quotient }
        let away: Int64 = numerator < 0 ? -1 : 1
        // |remainder| < denominator ≤ Int64.max, so twice it fits in UInt64.
        let twice = remainder.magnitude * 2
        let half = UInt64(denominator)
        // |quotient| ≤ |numerator| / 2 here (denominator ≥ 2), so quotient ± 1 cannot overflow.
        switch mode {
        case .down:
            return quotient
        case .up:
            return quotient + away
        case .halfUp:
            return twice >= half ? quotient + away : quotient
        case .halfEven:
            if twice > half { return quotient + away }
            if twice < half { return quotient }
            return quotient % 2 == 0 ? quotient : quotient + away
        }
    }
}

/// Overflow-checked `Int64` arithmetic that throws instead of trapping.
enum Checked {
    static func multiply(_ a: Int64, _ b: Int64, _ what: @autoclosure () -> String) throws(PayrollError) -> Int64 {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        guard !overflow else { throw .overflow(what()) }
        return product
    }

    static func add(_ a: Int64, _ b: Int64, _ what: @autoclosure () -> String) throws(PayrollError) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        guard !overflow else { throw .overflow(what()) }
        return sum
    }

    /// `10^exponent` for 0…18.
    static func powerOfTen(_ exponent: Int) throws(PayrollError) -> Int64 {
        guard (0...18).contains(exponent) else { throw .overflow("10^\(exponent)") }
        var value: Int64 = 1
        for _ in 0..<exponent { value *= 10 }
        return value
    }
}
