/// An exact amount of money: a whole number of the currency's minor units (cents for CHF, yen for
/// JPY, fils for KWD). Arithmetic is overflow-checked and throws; there is no floating point.
public struct Money: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The amount in minor units: 1050 is 10.50 with two places.
    public let minorUnits: Int64
    /// Decimal places of the currency (ISO 4217 exponent): 2 for CHF.
    public let places: Int

    package init(minorUnits: Int64, places: Int) {
        self.minorUnits = minorUnits
        self.places = places
    }

    package static func zero(places: Int) -> Money { Money(minorUnits: 0, places: places) }

    /// Compares the amounts (of the same currency).
    public static func < (a: Money, b: Money) -> Bool { a.minorUnits < b.minorUnits }

    /// The sum, or an overflow error.
    package func adding(_ other: Money) throws(PayrollError) -> Money {
        guard other.places == places else {
            throw .overflow("a sum of amounts with \(places) and \(other.places) decimal places")
        }
        return Money(minorUnits: try Checked.add(minorUnits, other.minorUnits, "a total of \(self) and \(other)"), places: places)
    }

    /// `12.34`, `-0.05`, `1200` (JPY); the separator is `,` for the excel-de export.
    package func formatted(decimalSeparator: String = ".") -> String {
        DecimalText.format(minorUnits, places: places, minimumPlaces: places, decimalSeparator: decimalSeparator)
    }

    /// The amount with its decimal places, e.g. `10.50`.
    public var description: String { formatted() }

    /// The price of `billableSeconds` at `rate` per minute: `seconds × rate / 60`, rounded once to
    /// the minor unit by `rounding`.
    ///
    /// In integers: the rate is in ten-thousandths, so the amount in minor units is
    /// `seconds × rate × 10^places / (60 × 10 000)`.
    package static func price(
        billableSeconds: Int64, perMinute rate: FixedDecimal, places: Int, rounding: RoundingMode
    ) throws(PayrollError) -> Money {
        let what = "\(billableSeconds) s at \(rate) per minute"
        let product = try Checked.multiply(billableSeconds, rate.tenThousandths, what)
        let scaled = try Checked.multiply(product, try Checked.powerOfTen(places), what)
        let minor = try Rounding.divide(scaled, by: 60 * FixedDecimal.scale, rounding)
        return Money(minorUnits: minor, places: places)
    }

    /// `percent` % of this amount, rounded once to the minor unit by `rounding`.
    package func percentage(_ percent: FixedDecimal, rounding: RoundingMode) throws(PayrollError) -> Money {
        let scaled = try Checked.multiply(minorUnits, percent.tenThousandths, "\(percent) % of \(self)")
        return Money(minorUnits: try Rounding.divide(scaled, by: 100 * FixedDecimal.scale, rounding), places: places)
    }
}
