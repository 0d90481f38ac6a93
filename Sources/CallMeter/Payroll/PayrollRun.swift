import Foundation

/// The running sums of one payroll computation: calls in, lines out.
struct PayrollRun {
    struct LineKey: Hashable {
        var agent: Int64
        var tier: Int32
        var rate: Int32
        /// Index of the adjusted closed period, -1 for the period's own calls.
        var adjustment: Int32
        /// A line that takes back the pay of voided calls: kept apart from the late calls of the
        /// same period, tier and rate, so that each shows on its own line.
        var reversal: Bool = false
    }

    struct LineSum {
        var calls: Int64 = 0
        var seconds: Int64 = 0
    }

    struct UnratedKey: Hashable {
        var hotline: Int64
        /// -1: the hotline has no tier; otherwise the tier with no rate yet.
        var tier: Int32
        var adjustment: Int32
    }

    let connection: Connection
    let configuration: PayrollConfiguration
    let rules: PayrollRules
    let collectCalls: Bool
    /// Each call as it was priced, for the per-call detail; nil unless asked for.
    var details: [CallDetailEntry]?
    /// Hotline key → tier index, -1 for none.
    var hotlineTier: [Int64: Int32] = [:]
    var hotlineNumber: [Int64: String] = [:]
    /// Per tier, the instant each rate starts (local midnight of its `from`).
    let rateStarts: [[Int64]]
    var sums: [LineKey: LineSum] = [:]
    var unrated: [UnratedKey: (count: Int, samples: [Int64])] = [:]
    /// Every unpriced call per key, kept only with `collectCalls` (`payroll unpriced` lists them).
    var unratedCallKeys: [UnratedKey: [Int64]] = [:]
    var settled: [(call: Int64, tier: Int32)] = []
    /// Voided calls whose pay this run takes back; collected only with `collectCalls`.
    var reversed: [Int64] = []
    /// One-entry cache: consecutive calls often share a hotline.
    var lastHotline: Int64 = -1
    var lastTier: Int32 = -1

    static let samplesKept = 5
    /// Sorts first where a line has no date to sort by.
    static let epoch = CalendarDate(daysSinceEpoch: 0)

    /// One call as the run saw it: enough to write its detail row once the lines are numbered.
    struct CallDetailEntry {
        /// Durations negated for a reversal.
        var call: PricedCall
        /// The key of the line that pays the call; its tier is -1 when the hotline has none, its
        /// rate -1 when the call cannot be priced.
        var key: LineKey
        var paidSeconds: Int64
        var billableSeconds: Int64

        /// The key of the line that pays the call, nil when it cannot be priced.
        var line: LineKey? { key.rate >= 0 ? key : nil }
    }

    init(connection: Connection, configuration: PayrollConfiguration, collectCalls: Bool, collectDetails: Bool = false) throws {
        if collectDetails { details = [] }
        self.connection = connection
        self.configuration = configuration
        self.rules = configuration.rules
        self.collectCalls = collectCalls
        let zone = configuration.center.timeZone
        rateStarts = configuration.tiers.tiers.map { tier in tier.rates.map { $0.from.start(in: zone) } }
        let hotlines = try connection.rows("SELECT id, hotline FROM hotlines") { (try $0.int64("id"), try $0.text("hotline")) }
        for (key, number) in hotlines {
            hotlineNumber[key] = number
            hotlineTier[key] = configuration.tiers.tierIndex(forHotline: number).map(Int32.init) ?? -1
        }
    }

    /// Adds one call; `reversal`: a voided call whose pay is taken back, counted as minus one call
    /// and minus its billable seconds, on a line of its own.
    mutating func add(_ priced: PricedCall, adjustment: Int32, reversal: Bool = false) throws {
        let call = priced.key, agent = priced.agent, hotline = priced.hotline, startedAt = priced.startedAt
        let talk = priced.talk, hold = priced.hold, wrap = priced.wrap
        guard talk >= 0, hold >= 0, wrap >= 0 else {
            throw PayrollError(.invalidCall(callID: try callID(call), reason: "a negative duration"))
        }
        let sign: Int64 = reversal ? -1 : 1
        let tier: Int32
        if hotline == lastHotline {
            tier = lastTier
        } else {
            tier = hotlineTier[hotline] ?? -1
            lastHotline = hotline
            lastTier = tier
        }
        var entry = details == nil ? nil : CallDetailEntry(
            call: PricedCall(key: call, agent: agent, hotline: hotline, startedAt: startedAt,
                             talk: sign * talk, hold: sign * hold, wrap: sign * wrap),
            key: LineKey(agent: agent, tier: tier, rate: -1, adjustment: adjustment, reversal: reversal),
            paidSeconds: sign * (try rules.paidSeconds(talk: talk, hold: hold, wrap: wrap)), billableSeconds: 0)
        defer { if let entry { details?.append(entry) } }
        guard tier >= 0 else {
            noteUnrated(UnratedKey(hotline: hotline, tier: -1, adjustment: adjustment), call: call, reversal: reversal)
            return
        }
        let starts = rateStarts[Int(tier)]
        var rate = starts.count - 1
        while rate >= 0 && starts[rate] > startedAt { rate -= 1 }
        guard rate >= 0 else {
            noteUnrated(UnratedKey(hotline: hotline, tier: tier, adjustment: adjustment), call: call, reversal: reversal)
            return
        }
        let billable = sign * (try rules.billableSeconds(talk: talk, hold: hold, wrap: wrap))
        let key = LineKey(agent: agent, tier: tier, rate: Int32(rate), adjustment: adjustment, reversal: reversal)
        entry?.key = key
        entry?.billableSeconds = billable
        var sum = sums[key, default: LineSum()]
        sum.calls += sign
        sum.seconds = try Checked.add(sum.seconds, billable, "the billable seconds of a pay line")
        sums[key] = sum
        if collectCalls {
            if reversal { reversed.append(call) } else { settled.append((call, tier)) }
        }
    }

    private mutating func noteUnrated(_ key: UnratedKey, call: Int64, reversal: Bool = false) {
        var entry = unrated[key, default: (0, [])]
        entry.count += 1
        if entry.samples.count < Self.samplesKept { entry.samples.append(call) }
        unrated[key] = entry
        // A voided call that cannot be priced any more (tiers.json changed since its close) stays
        // listed, and unreversed, until it can: it is not settled as "left unpaid".
        if collectCalls && !reversal {
            settled.append((call, -1))
            unratedCallKeys[key, default: []].append(call)
        }
    }

    private func callID(_ key: Int64) throws -> String {
        try connection.firstRow("SELECT call_id FROM calls WHERE id = :call", [":call": .int(key)]) { try $0.text("call_id") } ?? "#" + String(key)
    }

    /// The lines in export order: per agent (by agent id, byte order) its own minutes lines, its
    /// bonus, then adjustments by period; within those by tier id and rate date.
    func lines(period: PayPeriod, adjusted: [PayPeriod], bands: any ScoringResults) throws -> (lines: [PayLine], positions: [LineKey: Int]) {
        let places = configuration.places
        let tiers = configuration.tiers.tiers
        var agents: [Int64: (id: String, name: String)] = [:]
        let rows = try connection.rows("SELECT id, agent_id, coalesce(name, '') AS name FROM agents") {
            (try $0.int64("id"), try $0.text("agent_id"), try $0.text("name"))
        }
        for (key, id, name) in rows {
            agents[key] = (id, name)
        }

        struct Sorted {
            let agentID: String
            let group: Int
            /// The first day of the adjusted period; the epoch for the period's own lines.
            let adjustmentDay: CalendarDate
            let tier: String
            /// The rate's first day; the epoch for a bonus.
            let rateFrom: CalendarDate
            var reversal = false
            let line: PayLine
            var key: LineKey? = nil
        }
        var sorted: [Sorted] = []
        var ownAmounts: [Int64: Money] = [:]
        for (key, sum) in sums {
            let agent = agents[key.agent] ?? ("#\(key.agent)", "")
            let tier = tiers[Int(key.tier)]
            let rate = tier.rates[Int(key.rate)]
            let amount = try Money.price(billableSeconds: sum.seconds, perMinute: rate.perMinute, places: places, rounding: rules.amountRounding)
            let minutes = try Rounding.divide(
                try Checked.multiply(sum.seconds, FixedDecimal.scale, "the billable minutes of a pay line"), by: 60, rules.amountRounding)
            let adjustment = key.adjustment >= 0 ? adjusted[Int(key.adjustment)] : nil
            let line = PayLine(
                period: period.identifier, agentID: agent.id, agentName: agent.name, kind: .minutes, tier: tier.id,
                perMinute: rate.perMinute, bonusPercent: nil, calls: sum.calls, billableSeconds: sum.seconds,
                billableMinutes: minutes, amount: amount, adjustmentOf: adjustment?.identifier)
            if adjustment == nil {
                ownAmounts[key.agent] = try (ownAmounts[key.agent] ?? .zero(places: places)).adding(amount)
            }
            sorted.append(Sorted(agentID: agent.id, group: adjustment == nil ? 0 : 2, adjustmentDay: adjustment?.firstDay ?? Self.epoch,
                                 tier: tier.id, rateFrom: rate.from, reversal: key.reversal, line: line, key: key))
        }

        if !rules.bonusPercentByBand.isEmpty {
            for (key, base) in ownAmounts where base.minorUnits > 0 {
                let agent = agents[key] ?? ("#\(key)", "")
                let scored = try bands.band(agentID: agent.id, scoredFrom: period.firstDay, through: period.lastDay)
                guard let band = scored?.rawValue,
                      let percent = rules.bonusPercent(forBand: band) else { continue }
                let line = PayLine(
                    period: period.identifier, agentID: agent.id, agentName: agent.name, kind: .bonus, tier: band,
                    perMinute: nil, bonusPercent: percent, calls: 0, billableSeconds: 0, billableMinutes: 0,
                    amount: try base.percentage(percent, rounding: rules.amountRounding), adjustmentOf: nil)
                sorted.append(Sorted(agentID: agent.id, group: 1, adjustmentDay: Self.epoch, tier: band, rateFrom: Self.epoch, line: line))
            }
        }

        sorted.sort { a, b in
            if a.agentID != b.agentID { return a.agentID.utf8.lexicographicallyPrecedes(b.agentID.utf8) }
            if a.group != b.group { return a.group < b.group }
            if a.adjustmentDay != b.adjustmentDay { return a.adjustmentDay < b.adjustmentDay }
            if a.tier != b.tier { return a.tier.utf8.lexicographicallyPrecedes(b.tier.utf8) }
            if a.rateFrom != b.rateFrom { return a.rateFrom < b.rateFrom }
            return !a.reversal && b.reversal
        }
        var positions: [LineKey: Int] = [:]
        for (index, entry) in sorted.enumerated() {
            if let key = entry.key { positions[key] = index }
        }
        return (sorted.map(\.line), positions)
    }

    /// The detail rows of the calls seen, numbered by the export line (1-based) that paid them.
    func callDetails(lines: [PayLine], positions: [LineKey: Int], adjusted: [PayPeriod]) throws -> [PayCallDetail] {
        guard let details else { return [] }
        let tiers = configuration.tiers.tiers
        let zone = configuration.center.timeZone
        var agents: [Int64: String] = [:]
        let agentRows = try connection.rows("SELECT id, agent_id FROM agents") { (try $0.int64("id"), try $0.text("agent_id")) }
        for (key, id) in agentRows { agents[key] = id }
        // A voided call under the id it was paid with (its row was renamed by the void).
        let callIDs = try connection.cached("""
            SELECT coalesce(v.call_id, c.call_id) AS call_id, v.batch AS voided_in
            FROM calls c LEFT JOIN call_voids v ON v.call = c.id WHERE c.id = :call
            """)
        var rows: [PayCallDetail] = []
        rows.reserveCapacity(details.count)
        for entry in details {
            let found = try callIDs.firstRow([":call": .int(entry.call.key)]) { (try $0.text("call_id"), try $0.optionalInt64("voided_in")) }
            let callID = found?.0 ?? "#\(entry.call.key)"
            let voidedIn = found?.1
            let tier = entry.key.tier >= 0 ? tiers[Int(entry.key.tier)] : nil
            let rate = entry.key.rate >= 0 ? tier?.rates[Int(entry.key.rate)] : nil
            let position = entry.line.flatMap { positions[$0] }
            var reason: String?
            let adjustment = entry.key.adjustment
            if entry.key.reversal {
                let paidIn = adjustment >= 0 ? adjusted[Int(adjustment)].identifier : "a closed period"
                reason = "voided (batch \(voidedIn.map(String.init) ?? "?")): takes back its pay in \(paidIn)"
            } else if tier == nil {
                reason = UnratedCalls.Reason.noTier.why(rulesFile: TierRules.fileName)
            } else if rate == nil, let tier {
                reason = UnratedCalls.Reason.noRate(tier: tier.id, tierKeyPath: tier.keyPath, firstFrom: tier.rates.first?.from ?? Self.epoch)
                    .why(rulesFile: TierRules.fileName)
            } else if entry.billableSeconds == 0 {
                reason = entry.paidSeconds > 0 || rules.unpaidBelowSeconds > 0
                    ? "below unpaid_below_seconds (\(rules.unpaidBelowSeconds) s)" : "no paid seconds"
            }
            rows.append(PayCallDetail(
                callID: callID, agentID: agents[entry.call.agent] ?? "#\(entry.call.agent)",
                localStart: PayCallDetail.localStart(entry.call.startedAt, zone), startedAt: entry.call.startedAt,
                hotline: hotlineNumber[entry.call.hotline] ?? "#\(entry.call.hotline)", tier: tier?.id ?? "", perMinute: rate?.perMinute,
                talkSeconds: entry.call.talk, holdSeconds: entry.call.hold, wrapSeconds: entry.call.wrap, paidSeconds: entry.paidSeconds,
                billableSeconds: entry.billableSeconds, line: position.map { $0 + 1 },
                adjustmentOf: adjustment >= 0 ? adjusted[Int(adjustment)].identifier : nil, unpaidReason: reason))
        }
        return rows
    }

    /// The unpriced calls, by hotline number, then reason, then period.
    func unratedCalls(adjusted: [PayPeriod]) throws -> [UnratedCalls] {
        let tiers = configuration.tiers.tiers
        var result: [UnratedCalls] = []
        for (key, entry) in unrated {
            let reason: UnratedCalls.Reason
            if key.tier < 0 {
                reason = .noTier
            } else {
                let tier = tiers[Int(key.tier)]
                reason = .noRate(tier: tier.id, tierKeyPath: tier.keyPath, firstFrom: tier.rates.first?.from ?? Self.epoch)
            }
            result.append(UnratedCalls(
                hotline: hotlineNumber[key.hotline] ?? "#\(key.hotline)", reason: reason,
                adjustmentOf: key.adjustment >= 0 ? adjusted[Int(key.adjustment)].identifier : nil,
                calls: entry.count, sampleCallIDs: try entry.samples.map(callID), callKeys: unratedCallKeys[key] ?? []))
        }
        return result.sorted { a, b in
            if a.hotline != b.hotline { return a.hotline.utf8.lexicographicallyPrecedes(b.hotline.utf8) }
            return (a.adjustmentOf ?? "").utf8.lexicographicallyPrecedes((b.adjustmentOf ?? "").utf8)
        }
    }
}
