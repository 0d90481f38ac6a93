package import Foundation

/// `payroll.json`: how calls become billable seconds and seconds become money.
package struct PayrollRules: Sendable {
    package static let fileName = "payroll.json"

    /// The parts of a call that are paid.
    package struct Components: OptionSet, Sendable, Hashable {
        package let rawValue: Int
        package init(rawValue: Int) { self.rawValue = rawValue }
        package static let talk = Components(rawValue: 1)
        package static let hold = Components(rawValue: 2)
        package static let wrap = Components(rawValue: 4)

        static let names: [(String, Components)] = [("talk", .talk), ("hold", .hold), ("wrap", .wrap)]
    }

    package enum IncrementMode: String, Sendable, CaseIterable {
        case up, nearest, down

        /// Exact halves of an increment go up with `nearest`.
        package var rounding: RoundingMode {
            switch self {
            case .up: .up
            case .nearest: .halfUp
            case .down: .down
            }
        }
    }

    package var periodKind: PayPeriod.Kind
    package var paid: Components
    package var incrementSeconds: Int64
    package var incrementMode: IncrementMode
    package var minimumSeconds: Int64
    package var unpaidBelowSeconds: Int64
    /// `.halfEven` or `.halfUp`.
    package var amountRounding: RoundingMode
    /// Bonus percent per quality band, in file order.
    package var bonusPercentByBand: [(band: String, percent: FixedDecimal)]
    /// Currency per hour below which the fairness report flags an agent.
    package var minimumHourly: FixedDecimal?
    /// SHA-256 of the file's text, stored with a closed period.
    package var digest: String

    /// Longest increment and threshold allowed, in seconds.
    static let secondsLimit = 0...86_400

    package static func load(directory: URL) throws(RulesError) -> PayrollRules {
        try PayrollRules(RulesFile.load(directory: directory, name: fileName))
    }

    package static func parse(_ text: String, file: String = fileName) throws(RulesError) -> PayrollRules {
        try PayrollRules(RulesFile.parse(text, file: file))
    }

    /// Rules for tests and tools: every setting given, no file.
    package init(
        periodKind: PayPeriod.Kind = .monthly, paid: Components = .talk, incrementSeconds: Int64 = 1,
        incrementMode: IncrementMode = .up, minimumSeconds: Int64 = 0, unpaidBelowSeconds: Int64 = 0,
        amountRounding: RoundingMode = .halfEven, bonusPercentByBand: [(band: String, percent: FixedDecimal)] = [],
        minimumHourly: FixedDecimal? = nil
    ) {
        self.periodKind = periodKind
        self.paid = paid
        self.incrementSeconds = incrementSeconds
        self.incrementMode = incrementMode
        self.minimumSeconds = minimumSeconds
        self.unpaidBelowSeconds = unpaidBelowSeconds
        self.amountRounding = amountRounding
        self.bonusPercentByBand = bonusPercentByBand
        self.minimumHourly = minimumHourly
        self.digest = ""
    }

    package init(_ file: RulesFile) throws(RulesError) {
        let root = try file.rootObject()

        let periodValue = try root.value("period")
        let periodText = try periodValue.string()
        guard let kind = PayPeriod.Kind(rawValue: periodText) else {
            throw periodValue.error("unknown period \(periodText.rulesQuoted()); use \"monthly\", \"semimonthly\" or \"weekly\"")
        }

        var paid: Components = .talk
        if let parts = try root.optionalArray("paid") {
            guard !parts.isEmpty else { throw root.error("list at least one of \"talk\", \"hold\", \"wrap\"", at: "paid") }
            paid = []
            for part in parts {
                let name = try part.string()
                guard let component = Components.names.first(where: { $0.0 == name })?.1 else {
                    throw part.error("unknown part \(name.rulesQuoted()); use \"talk\", \"hold\" or \"wrap\"")
                }
                guard !paid.contains(component) else { throw part.error("\(name.rulesQuoted()) is listed twice") }
                paid.insert(component)
            }
        }

        let increment = try root.int("increment_seconds", in: 1...3_600)
        let modeValue = try root.value("increment_mode")
        let modeText = try modeValue.string()
        guard let mode = IncrementMode(rawValue: modeText) else {
            throw modeValue.error("unknown increment mode \(modeText.rulesQuoted()); use \"up\", \"nearest\" or \"down\"")
        }
        let minimum = try root.int("minimum_seconds", in: Self.secondsLimit)
        let unpaidBelow = try root.int("unpaid_below_seconds", in: Self.secondsLimit)

        let roundingValue = try root.value("amount_rounding")
        let roundingText = try roundingValue.string()
        guard let rounding = RoundingMode(rawValue: roundingText), rounding == .halfEven || rounding == .halfUp else {
            throw roundingValue.error("unknown rounding \(roundingText.rulesQuoted()); use \"half-even\" or \"half-up\"")
        }

        var bonus: [(band: String, percent: FixedDecimal)] = []
        if let bands = try root.optionalObject("bonus_percent_by_band") {
            for (band, value) in bands.entries() {
                guard !band.isEmpty, band.utf8.count <= 64 else { throw value.error("a band name is 1 to 64 bytes") }
                let text = try value.decimalString()
                let percent: FixedDecimal
                do throws(FixedDecimal.ParseProblem) {
                    percent = try FixedDecimal.parse(text)
                } catch {
                    throw value.error("\(text.rulesQuoted()) \(error)")
                }
                guard percent.tenThousandths <= 100 * FixedDecimal.scale else {
                    throw value.error("a bonus of \(text) % is more than 100 %")
                }
                bonus.append((band, percent))
            }
        }

        var minimumHourly: FixedDecimal?
        if let text = try root.optionalDecimalString("minimum_hourly") {
            do throws(FixedDecimal.ParseProblem) {
                minimumHourly = try FixedDecimal.parse(text)
            } catch {
                throw root.error("\(text.rulesQuoted()) \(error)", at: "minimum_hourly")
            }
        }
        try root.rejectUnknownKeys()

        self.init(
            periodKind: kind, paid: paid, incrementSeconds: Int64(increment), incrementMode: mode,
            minimumSeconds: Int64(minimum), unpaidBelowSeconds: Int64(unpaidBelow), amountRounding: rounding,
            bonusPercentByBand: bonus, minimumHourly: minimumHourly)
        self.digest = Crypto.hex(Crypto.sha256(Array(file.text.utf8)))
    }

    package func bonusPercent(forBand band: String) -> FixedDecimal? {
        bonusPercentByBand.first { $0.band == band }?.percent
    }
}
