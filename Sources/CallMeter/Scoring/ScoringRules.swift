public import Foundation

/// The settings of the scoring model, from `scoring.json`. Every key is optional (the defaults
/// are the shipped file's values); an unknown key, a wrong type or a value out of range is a
/// `RulesError` naming the file, line, column and key.
public struct ScoringRules: Sendable, Equatable {
    package static let fileName = "scoring.json"

    /// Local calendar days ending with the as-of date.
    package var windowDays = 28
    /// A rating's weight halves every this many days of age.
    package var halfLifeDays = 14.0
    /// `C`: how many ratings' worth of the all-agent mean each agent starts with.
    package var priorStrength = 10.0
    /// Whether each rating is measured against its hotline's mean.
    package var adjustForHotline = true
    /// A rating at or above this counts as satisfied for CSAT %.
    package var satisfiedAtOrAbove = 4
    /// Fewer ratings than this in the window give the band `insufficient`.
    package var minRatings = 8
    /// Best first, strictly descending, the last at 0.
    package var bands: [BandThreshold] = [
        BandThreshold(band: .excellent, minimumTenths: 850),
        BandThreshold(band: .good, minimumTenths: 700),
        BandThreshold(band: .watch, minimumTenths: 550),
        BandThreshold(band: .poor, minimumTenths: 0),
    ]
    /// Relative weights; renormalised over the components whose weight is above 0.
    package var weights: [ScoringComponent: Double] = [.ratings: 1, .repeatContact: 0, .agentHangup: 0, .ringNoAnswer: 0]
    package var repeatWindowHours = 72
    package var shortCallSeconds = 20
    /// SHA-256 (lowercase hex) of the bytes the rules were read from.
    package var sha256 = ""

    /// The z of the Wilson lower bound: 95 % two-sided.
    package static let wilsonZ = 1.96

    /// The defaults; `sha256` empty.
    package init() {}

    package func weight(_ component: ScoringComponent) -> Double { weights[component] ?? 0 }

    /// Reads `scoring.json` in `directory`, checking `satisfied_at_or_above` against the
    /// center's rating scale.
    public static func load(directory: URL, ratingScale: ClosedRange<Int>) throws(RulesError) -> ScoringRules {
        try ScoringRules(RulesFile.load(directory: directory, name: fileName), ratingScale: ratingScale)
    }

    /// Parses the bytes of a scoring rule file; the digest is of exactly these bytes.
    package static func parse(_ bytes: [UInt8], file: String = fileName, ratingScale: ClosedRange<Int> = 1...5) throws(RulesError) -> ScoringRules {
        try ScoringRules(RulesFile.parse(bytes, file: file), ratingScale: ratingScale)
    }

    package static func parse(_ text: String, file: String = fileName, ratingScale: ClosedRange<Int> = 1...5) throws(RulesError) -> ScoringRules {
        try parse(Array(text.utf8), file: file, ratingScale: ratingScale)
    }

    init(_ file: RulesFile, ratingScale: ClosedRange<Int>) throws(RulesError) {
        let root = try file.rootObject()
        windowDays = try root.optionalInt("window_days", in: 1...366) ?? windowDays
        if let value = root.optionalValue("half_life_days") {
            halfLifeDays = try value.decimal()
            guard halfLifeDays > 0 else { throw value.error("the half-life must be more than 0 days, found \(value.json.summary)") }
            guard halfLifeDays <= 3650 else { throw value.error("must be at most 3650 days, found \(value.json.summary)") }
        }
        if let value = root.optionalValue("prior_strength") {
            priorStrength = try value.decimal()
            guard priorStrength >= 0 else { throw value.error("must be 0 or more (0 turns shrinkage off), found \(value.json.summary)") }
            guard priorStrength <= 1_000_000 else { throw value.error("must be at most 1000000, found \(value.json.summary)") }
        }
        adjustForHotline = try root.optionalBool("adjust_for_hotline") ?? adjustForHotline
        if let value = root.optionalValue("satisfied_at_or_above") {
            satisfiedAtOrAbove = try value.int()
            guard ratingScale.contains(satisfiedAtOrAbove) else {
                throw value.error("must be a rating on the center's scale \(ratingScale.lowerBound)–\(ratingScale.upperBound), found \(satisfiedAtOrAbove)")
            }
        } else {
            satisfiedAtOrAbove = min(max(satisfiedAtOrAbove, ratingScale.lowerBound), ratingScale.upperBound)
        }
        minRatings = try root.optionalInt("min_ratings", in: 0...1_000_000) ?? minRatings
        if let object = try root.optionalObject("bands") {
            bands = try Self.bands(object)
        }
        if let object = try root.optionalObject("components") {
            weights = try Self.weights(object)
        }
        repeatWindowHours = try root.optionalInt("repeat_window_hours", in: 1...720) ?? repeatWindowHours
        shortCallSeconds = try root.optionalInt("short_call_seconds", in: 0...3600) ?? shortCallSeconds
        try root.rejectUnknownKeys()
        sha256 = Crypto.hex(Crypto.sha256(file.bytes))
    }

    /// `{ "excellent": 85, "good": 70, "watch": 55, "poor": 0 }`: known names, best first,
    /// thresholds strictly descending with at most one decimal, the last at 0.
    private static func bands(_ object: RuleObject) throws(RulesError) -> [BandThreshold] {
        var result: [BandThreshold] = []
        let known = ScoreBand.thresholdBands.map { $0.rawValue }.joined(separator: ", ")
        for (key, value) in object.entries() {
            guard let band = ScoreBand(rawValue: key), band != .insufficient else {
                if key == ScoreBand.insufficient.rawValue {
                    throw value.error("'insufficient' has no threshold: it is given below min_ratings ratings; bands are \(known)")
                }
                throw value.error("unknown band name \(key.rulesQuoted()); bands are \(known)")
            }
            let text = try value.decimalString()
            guard let tenths = tenths(text), (0...1000).contains(tenths) else {
                throw value.error("expected a score from 0 to 100 with at most one decimal, found \(value.json.summary)")
            }
            if let previous = result.last, tenths >= previous.minimumTenths {
                throw value.error("bands must be listed best first with descending thresholds: \(key) (\(text)) must be below \(previous.band.rawValue) (\(Self.format(tenths: previous.minimumTenths)))")
            }
            result.append(BandThreshold(band: band, minimumTenths: tenths))
        }
        guard let last = result.last else {
            throw object.error("needs at least one band, e.g. { \"poor\": 0 }")
        }
        guard last.minimumTenths == 0 else {
            throw object.error("the last band must start at 0 so that every score has a band; \(last.band.rawValue) starts at \(Self.format(tenths: last.minimumTenths))", at: last.band.rawValue)
        }
        return result
    }

    private static func weights(_ object: RuleObject) throws(RulesError) -> [ScoringComponent: Double] {
        var result: [ScoringComponent: Double] = [:]
        for component in ScoringComponent.allCases {
            guard let value = object.optionalValue(component.rawValue) else {
                result[component] = component == .ratings ? 1 : 0
                continue
            }
            let weight = try value.decimal()
            guard weight >= 0 else { throw value.error("a weight must be 0 or more, found \(value.json.summary)") }
            guard weight <= 1_000_000 else { throw value.error("a weight must be at most 1000000, found \(value.json.summary)") }
            if component == .ratings, weight == 0 {
                throw value.error("the ratings weight must be more than 0: the score is a rating score that the other components adjust")
            }
            result[component] = weight
        }
        try object.rejectUnknownKeys()
        return result
    }

    /// `85` → 850, `72.5` → 725; nil with more than one decimal.
    static func tenths(_ decimal: String) -> Int? {
        let parts = decimal.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = Int(parts[0]), abs(whole) <= 1_000_000 else { return nil }
        guard parts.count == 2 else { return whole * 10 }
        guard parts[1].count == 1, let fraction = Int(parts[1]) else { return nil }
        return decimal.hasPrefix("-") ? whole * 10 - fraction : whole * 10 + fraction
    }

    static func format(tenths: Int) -> String {
        let sign = tenths < 0 ? "-" : ""
        return "\(sign)\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }
}
