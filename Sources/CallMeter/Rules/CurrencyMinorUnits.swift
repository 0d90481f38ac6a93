/// ISO 4217 exponents: how many decimal places an amount in a currency has.
///
/// A short built-in table rather than `Locale`, whose answers depend on the ICU data the
/// machine happens to have; payroll must round the same everywhere.
enum CurrencyMinorUnits {
    private static let exceptions: [String: Int] = [
        "JPY": 0, "KRW": 0, "CLP": 0, "ISK": 0, "VND": 0,
        "BHD": 3, "KWD": 3, "OMR": 3, "JOD": 3, "TND": 3, "LYD": 3, "IQD": 3,
    ]

    /// The exponent of `code`; 2, the exponent of most currencies, when the table has no entry.
    static func of(_ code: String) -> Int {
        exceptions[code] ?? 2
    }

    /// Exactly three uppercase ASCII letters, the shape of an ISO 4217 alphabetic code.
    static func isWellFormed(_ code: String) -> Bool {
        code.utf8.count == 3 && code.utf8.allSatisfy { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }
    }
}
