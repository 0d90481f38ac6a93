public import Foundation

/// Settings of the call center as a whole, from `center.json`: its time zone (shifts and pay
/// periods are cut at local midnight), its currency and the scale of call ratings.
public struct CenterRules: Sendable, Equatable, RuleFileKind {
    package static let fileName = "center.json"

    /// The center's IANA time zone: local dates, shifts and pay periods are cut at its midnight.
    public let timeZone: TimeZone
    /// ISO 4217 code, e.g. `CHF`.
    package let currency: String
    /// Decimal places of `currency` (2 for CHF, 0 for JPY, 3 for KWD): amounts are stored as
    /// integers in these units.
    package let currencyMinorUnits: Int
    /// The scale ratings are given on now (`rating_scale`; 1...5 when the file has none).
    public let ratingScale: ClosedRange<Int>

    /// Used when `center.json` has no `rating_scale`.
    static let defaultRatingScale = 1...5
    /// Bounds for both ends of `rating_scale`.
    static let ratingLimits = 0...100

    /// Reads `center.json` in `directory`.
    public static func load(directory: URL) throws(RulesError) -> CenterRules {
        try loadRequired(directory: directory)
    }

    package init(settings root: RuleObject) throws(RulesError) {
        let zone = try root.value("timezone")
        let identifier = try zone.string()
        guard let timeZone = TimeZone(identifier: identifier) else {
            throw zone.error("unknown time zone \(identifier.rulesQuoted()); use an IANA name such as \"Europe/Zurich\"")
        }

        let code = try root.value("currency")
        let currency = try code.string()
        guard CurrencyMinorUnits.isWellFormed(currency) else {
            throw code.error("expected an ISO 4217 currency code of three capital letters such as \"CHF\", found \(currency.rulesQuoted())")
        }

        var ratingScale = Self.defaultRatingScale
        if let scale = try root.optionalObject("rating_scale") {
            let min = try scale.int("min", in: Self.ratingLimits)
            let max = try scale.int("max", in: Self.ratingLimits)
            guard min < max else {
                throw scale.error("must be less than max (\(max)), found \(min)", at: "min")
            }
            try scale.rejectUnknownKeys()
            ratingScale = min...max
        }

        self.timeZone = timeZone
        self.currency = currency
        self.currencyMinorUnits = CurrencyMinorUnits.of(currency)
        self.ratingScale = ratingScale
    }
}
