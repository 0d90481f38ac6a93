extension PayrollRules {
    /// The billable seconds of one answered or transferred call.
    ///
    /// base = the paid parts (`paid`) added up; 0 when base is below `unpaid_below_seconds`;
    /// otherwise rounded to a multiple of `increment_seconds` by `increment_mode` (through
    /// `Rounding.divide`) and raised to `minimum_seconds`.
    package func billableSeconds(talk: Int64, hold: Int64, wrap: Int64) throws(PayrollError) -> Int64 {
        try billableSeconds(paidSeconds: try paidSeconds(talk: talk, hold: hold, wrap: wrap))
    }

    /// The paid parts of a call added up: the seconds before the increment rule.
    package func paidSeconds(talk: Int64, hold: Int64, wrap: Int64) throws(PayrollError) -> Int64 {
        var base: Int64 = 0
        if paid.contains(.talk) { base = try Checked.add(base, talk, "the paid seconds of a call") }
        if paid.contains(.hold) { base = try Checked.add(base, hold, "the paid seconds of a call") }
        if paid.contains(.wrap) { base = try Checked.add(base, wrap, "the paid seconds of a call") }
        return base
    }

    /// `base` (the paid seconds) after the unpaid threshold, the increment and the minimum.
    package func billableSeconds(paidSeconds base: Int64) throws(PayrollError) -> Int64 {
        guard base > 0, base >= unpaidBelowSeconds else { return 0 }
        let increments = try Rounding.divide(base, by: incrementSeconds, incrementMode.rounding)
        let rounded = try Checked.multiply(increments, incrementSeconds, "the billable seconds of a call")
        return max(rounded, minimumSeconds)
    }
}
