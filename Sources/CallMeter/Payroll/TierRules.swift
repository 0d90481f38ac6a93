package import Foundation

/// `tiers.json`: what a minute of talk pays on each hotline.
///
/// ```json
/// { "tiers": [ { "id": "order", "name": "Orders", "rates": [ { "from": "2026-01-01", "per_minute": "0.45" } ] } ],
///   "hotlines": [ { "hotline": "+41800100100", "name": "Orders", "tier": "order" } ] }
/// ```
/// A tier's rates are sorted by `from` (a local date) with no two on the same day; the rate of a
/// call is the one with the latest `from` on or before the local date of its start.
package struct TierRules: Sendable {
    package static let fileName = "tiers.json"

    package struct Rate: Sendable, Equatable {
        /// The local date from which the rate applies.
        package let from: CalendarDate
        package let perMinute: FixedDecimal
    }

    package struct Tier: Sendable, Equatable {
        package let id: String
        package let name: String
        /// Sorted by `from`, strictly increasing.
        package let rates: [Rate]
        /// Where the tier is in the file, e.g. `tiers[2]`, for messages.
        package let keyPath: String

        /// The rate for calls started on local date `day`; nil before the first `from`.
        package func rate(on day: CalendarDate) -> Rate? {
            rates.last { $0.from <= day }
        }
    }

    package struct Hotline: Sendable, Equatable {
        package let number: String
        package let name: String?
        /// Index into `tiers`.
        package let tier: Int
    }

    package let tiers: [Tier]
    package let hotlines: [Hotline]
    /// The file as it was named when loading, for messages ("fix Rules/tiers.json").
    package let path: String
    /// SHA-256 of the file's text, stored with a closed period.
    package let digest: String
    private let tierByHotline: [String: Int]

    /// The tier of calls to `hotline` (as the CDR spells it), or nil when it has none.
    package func tierIndex(forHotline hotline: String) -> Int? { tierByHotline[hotline] }

    package static func load(directory: URL) throws(RulesError) -> TierRules {
        try TierRules(RulesFile.load(directory: directory, name: fileName))
    }

    package static func parse(_ text: String, file: String = fileName) throws(RulesError) -> TierRules {
        try TierRules(RulesFile.parse(text, file: file))
    }

    /// Tier ids: a letter or digit, then letters, digits, `_`, `-` or `.`, at most 64.
    static func isValidID(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        func allowed(_ b: UInt8, first: Bool) -> Bool {
            let alnum = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b)
            return alnum || (!first && (b == UInt8(ascii: "_") || b == UInt8(ascii: "-") || b == UInt8(ascii: ".")))
        }
        guard let first = bytes.first, bytes.count <= 64, allowed(first, first: true) else { return false }
        return bytes.dropFirst().allSatisfy { allowed($0, first: false) }
    }

    package init(_ file: RulesFile) throws(RulesError) {
        let root = try file.rootObject()
        let tiers = try root.uniquelyKeyedObjects(
            "tiers", by: "id",
            invalid: { Self.isValidID($0) ? nil : "\($0.rulesQuoted()) is not a tier id: use letters, digits, '_', '-' or '.', starting with a letter or digit" },
            repeated: { "the tier id \($0.rulesQuoted()) is already used by tiers[\($1)]" }
        ) { (object, id) throws(RulesError) -> Tier in
            let name = try object.string("name")
            let rateValues = try object.array("rates")
            guard !rateValues.isEmpty else {
                throw object.error("a tier needs at least one rate", at: "rates")
            }
            var rates: [Rate] = []
            for rateValue in rateValues {
                let rateObject = try rateValue.object()
                let fromValue = try rateObject.value("from")
                let fromText = try fromValue.string()
                guard let from = CalendarDate(fromText) else {
                    throw fromValue.error("\(fromText.rulesQuoted()) is not a date like \"2026-10-16\"")
                }
                if let previous = rates.last {
                    let previousPath = RuleKeyPath.element(rates.count - 1, of: object.keyPath + ".rates") + ".from"
                    if from == previous.from {
                        throw fromValue.error("overlaps \(previousPath), which also starts on \(fromText): one rate per day")
                    }
                    if from < previous.from {
                        throw fromValue.error("\(fromText) is before \(previousPath) (\(previous.from)): list rates in date order")
                    }
                }
                let perMinuteText = try rateObject.decimalString("per_minute")
                let perMinute: FixedDecimal
                do throws(FixedDecimal.ParseProblem) {
                    perMinute = try FixedDecimal.parse(perMinuteText)
                } catch {
                    throw rateObject.error("\(perMinuteText.rulesQuoted()) \(error)", at: "per_minute")
                }
                try rateObject.rejectUnknownKeys()
                rates.append(Rate(from: from, perMinute: perMinute))
            }
            try object.rejectUnknownKeys()
            return Tier(id: id, name: name, rates: rates, keyPath: object.keyPath)
        }
        let tierIndex = Dictionary(uniqueKeysWithValues: tiers.enumerated().map { ($1.id, $0) })

        let hotlines = try root.uniquelyKeyedObjects(
            "hotlines", by: "hotline",
            invalid: { (1...NativeCall.maxNameBytes).contains($0.utf8.count) ? nil : "a hotline is 1 to \(NativeCall.maxNameBytes) bytes, as in the CDR's hotline column" },
            repeated: { number, _ in "the hotline \(number.rulesQuoted()) is listed twice" }
        ) { (object, number) throws(RulesError) -> Hotline in
            let name = try object.optionalString("name")
            let tierValue = try object.value("tier")
            let tierID = try tierValue.string()
            guard let tier = tierIndex[tierID] else {
                let known = tiers.map { $0.id.rulesQuoted() }.joined(separator: ", ")
                throw tierValue.error("unknown tier \(tierID.rulesQuoted()); the tiers are \(known.isEmpty ? "none" : known)")
            }
            try object.rejectUnknownKeys()
            return Hotline(number: number, name: name, tier: tier)
        }
        try root.rejectUnknownKeys()

        self.tiers = tiers
        self.hotlines = hotlines
        self.tierByHotline = Dictionary(uniqueKeysWithValues: hotlines.map { ($0.number, $0.tier) })
        self.path = file.path
        self.digest = Crypto.hex(Crypto.sha256(Array(file.text.utf8)))
    }
}
