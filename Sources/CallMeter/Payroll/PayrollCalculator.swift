import Foundation

extension Store {
    /// The payroll of `period`: the frozen lines when it is closed, otherwise computed now.
    ///
    /// Throws when `period` is open and of another kind than `payroll.json` sets, or overlaps a
    /// closed period; or when a closed period's frozen lines no longer match their digest.
    ///
    /// `callsStartedBefore` (Unix seconds) leaves out the open period's own calls that started at
    /// or after it: the period "so far" as of a date (the QA report). A closed period is always whole.
    package func payroll(
        for period: PayPeriod, configuration: @autoclosure () throws -> PayrollConfiguration,
        bands: (any ScoringResults)? = nil, callsStartedBefore: Int64? = nil, withCallDetails: Bool = false
    ) throws -> PeriodPayroll {
        let closed = try closedPeriods()
        if let frozen = closed.first(where: { $0.period == period }) {
            var payroll = try frozenPayroll(frozen, closed: closed)
            if withCallDetails { payroll.callDetails = try frozenCallDetails(of: frozen) }
            return payroll
        }
        return try computePayroll(for: period, configuration: configuration(), bands: bands ?? storedScoreBands, closed: closed,
                                  collectCalls: false, callsStartedBefore: callsStartedBefore, collectDetails: withCallDetails)
    }

    /// Bands from the stored score runs: what payroll uses unless told otherwise. An agent's band
    /// is the one of the latest run dated inside the pay period (normally the nightly run of its
    /// last day); no run inside the period: no band, so no bonus — never one on another period's score.
    var storedScoreBands: any ScoringResults { Scoring(store: self) }

    /// A closed period read back from its frozen lines, checked against the stored digest.
    package func frozenPayroll(_ frozen: ClosedPeriod, closed: [ClosedPeriod]) throws -> PeriodPayroll {
        let lines = try frozenLines(of: frozen)
        let digest = PayrollCSV.digest(lines: lines, currency: frozen.currency, places: frozen.places)
        guard digest == frozen.exportDigest else {
            throw PayrollError(.digestMismatch(period: frozen.period.identifier, stored: frozen.exportDigest, computed: digest))
        }
        var total = Money.zero(places: frozen.places)
        for line in lines { total = try total.adding(line.amount) }
        let late = try lateCallCount(of: frozen)
        return PeriodPayroll(
            period: frozen.period, status: .closed(frozen), startsAt: frozen.startsAt, endsAt: frozen.endsAt,
            currency: frozen.currency, places: frozen.places, lines: lines, total: total, unrated: [], adjusting: [],
            lateCalls: late, lateCallsPaidIn: late > 0 ? closed.firstOpen(after: frozen.period, kind: frozen.period.kind) : nil,
            settledCalls: [], settledTierIDs: [])
    }

    /// Computes an open period: its own calls, the late calls of closed periods it is the first open
    /// period after (as adjustment lines), and band bonuses.
    package func computePayroll(
        for period: PayPeriod, configuration: PayrollConfiguration, bands: any ScoringResults,
        closed: [ClosedPeriod], collectCalls: Bool, callsStartedBefore: Int64? = nil, collectDetails: Bool = false
    ) throws -> PeriodPayroll {
        let rules = configuration.rules
        guard period.kind == rules.periodKind else {
            throw PayrollError(.periodKind(period: period.identifier, configured: rules.periodKind.rawValue))
        }
        if let overlapping = closed.first(where: { $0.period.overlaps(period) }) {
            if overlapping.period == period { throw PayrollError(.alreadyClosed(period: period.identifier)) }
            throw PayrollError(.overlapsClosed(period: period.identifier, closed: overlapping.period.identifier))
        }
        let zone = configuration.center.timeZone
        let bounds = period.bounds(in: zone)
        var run = try PayrollRun(store: self, configuration: configuration, collectCalls: collectCalls, collectDetails: collectDetails)

        // The period's own calls.
        let own = try connection.cached("""
            SELECT id, agent, hotline, started_at, talk_seconds, hold_seconds, wrap_seconds FROM calls
            WHERE started_at >= ? AND started_at < ? AND agent IS NOT NULL AND disposition IN ('answered', 'transferred')
            """)
        try own.bind([.int(bounds.start), .int(min(bounds.end, callsStartedBefore ?? bounds.end))])
        while try own.step() {
            try run.add(call: own.int64(0), agent: own.int64(1), hotline: own.int64(2), startedAt: own.int64(3),
                        talk: own.int64(4), hold: own.int64(5), wrap: own.int64(6), adjustment: -1)
        }
        own.reset()

        // Late calls of closed periods whose first open period is this one.
        let adjusted = closed.filter { closed.firstOpen(after: $0.period, kind: period.kind) == period }
        if let low = adjusted.map(\.settledThroughCall).min(), let from = adjusted.map(\.startsAt).min(),
           let to = adjusted.map(\.endsAt).max() {
            let late = try connection.cached("""
                SELECT c.id, c.agent, c.hotline, c.started_at, c.talk_seconds, c.hold_seconds, c.wrap_seconds FROM calls c
                WHERE c.id > ? AND c.started_at >= ? AND c.started_at < ?
                  AND c.agent IS NOT NULL AND c.disposition IN ('answered', 'transferred')
                  AND NOT EXISTS (SELECT 1 FROM payroll_calls p JOIN payroll_periods pp ON pp.id = p.period
                                  WHERE p.call = c.id AND pp.reopened_at_ms IS NULL)
                """)
            try late.bind([.int(low), .int(from), .int(to)])
            while try late.step() {
                let id = late.int64(0), startedAt = late.int64(3)
                guard let index = adjusted.firstIndex(where: { startedAt >= $0.startsAt && startedAt < $0.endsAt }),
                      id > adjusted[index].settledThroughCall
                else { continue }
                try run.add(call: id, agent: late.int64(1), hotline: late.int64(2), startedAt: startedAt,
                            talk: late.int64(4), hold: late.int64(5), wrap: late.int64(6), adjustment: Int32(index))
            }
            late.reset()
        }

        // Calls of voided batches that a close in force paid, whose pay this period takes back
        // (negative adjustment lines, see `Store.voidBatch`).
        if !adjusted.isEmpty {
            let reversals = try connection.cached("""
                SELECT c.id, c.agent, c.hotline, c.started_at, c.talk_seconds, c.hold_seconds, c.wrap_seconds, p.period
                FROM call_voids v JOIN calls c ON c.id = v.call
                JOIN payroll_calls p ON p.call = v.call JOIN payroll_periods pp ON pp.id = p.period
                WHERE v.reversed_in IS NULL AND pp.reopened_at_ms IS NULL AND p.tier IS NOT NULL AND c.agent IS NOT NULL
                ORDER BY c.id
                """)
            while try reversals.step() {
                let paidBy = reversals.int64(7)
                guard let index = adjusted.firstIndex(where: { $0.rowID == paidBy }) else { continue }
                try run.add(call: reversals.int64(0), agent: reversals.int64(1), hotline: reversals.int64(2),
                            startedAt: reversals.int64(3), talk: reversals.int64(4), hold: reversals.int64(5),
                            wrap: reversals.int64(6), adjustment: Int32(index), reversal: true)
            }
            reversals.reset()
        }

        let (lines, positions) = try run.lines(period: period, adjusted: adjusted.map(\.period), bands: bands)
        var total = Money.zero(places: configuration.places)
        for line in lines { total = try total.adding(line.amount) }
        var payroll = PeriodPayroll(
            period: period, status: .open, startsAt: bounds.start, endsAt: bounds.end, currency: configuration.currency,
            places: configuration.places, lines: lines, total: total,
            unrated: try run.unratedCalls(adjusted: adjusted.map(\.period)), adjusting: adjusted.map(\.period),
            lateCalls: 0, lateCallsPaidIn: nil, settledCalls: run.settled, settledTierIDs: configuration.tiers.tiers.map(\.id),
            reversedCalls: run.reversed)
        if collectDetails {
            payroll.callDetails = try (run.callDetails(lines: lines, positions: positions, adjusted: adjusted.map(\.period))
                + heldCallDetails(from: bounds.start, before: bounds.end, zone: zone)).sorted(by: PayCallDetail.exportOrder)
        }
        return payroll
    }
}

/// The running sums of one payroll computation: calls in, lines out.
private struct PayrollRun {
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

    let store: Store
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

    /// One call as the run saw it: enough to write its detail row once the lines are numbered.
    struct CallDetailEntry {
        var call: Int64
        var agent: Int64
        var hotline: Int64
        var startedAt: Int64
        var talk: Int64, hold: Int64, wrap: Int64
        var tier: Int32
        var rate: Int32
        var paidSeconds: Int64
        var billableSeconds: Int64
        /// The line's key when the call is priced.
        var line: LineKey?
        var adjustment: Int32
        var reversal = false
    }

    init(store: Store, configuration: PayrollConfiguration, collectCalls: Bool, collectDetails: Bool = false) throws {
        if collectDetails { details = [] }
        self.store = store
        self.configuration = configuration
        self.rules = configuration.rules
        self.collectCalls = collectCalls
        let zone = configuration.center.timeZone
        rateStarts = configuration.tiers.tiers.map { tier in tier.rates.map { LocalDays.start(of: $0.from, in: zone) } }
        let hotlines = try store.connection.cached("SELECT id, hotline FROM hotlines").rows { ($0.int64(0), $0.text(1)) }
        for (key, number) in hotlines {
            hotlineNumber[key] = number
            hotlineTier[key] = configuration.tiers.tierIndex(forHotline: number).map(Int32.init) ?? -1
        }
    }

    /// Adds one call; `reversal`: a voided call whose pay is taken back, counted as minus one call
    /// and minus its billable seconds, on a line of its own.
    mutating func add(call: Int64, agent: Int64, hotline: Int64, startedAt: Int64,
                      talk: Int64, hold: Int64, wrap: Int64, adjustment: Int32, reversal: Bool = false) throws {
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
            call: call, agent: agent, hotline: hotline, startedAt: startedAt, talk: sign * talk, hold: sign * hold, wrap: sign * wrap,
            tier: tier, rate: -1, paidSeconds: sign * (try rules.paidSeconds(talk: talk, hold: hold, wrap: wrap)), billableSeconds: 0,
            line: nil, adjustment: adjustment, reversal: reversal)
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
        entry?.rate = Int32(rate)
        entry?.billableSeconds = billable
        entry?.line = key
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
        try store.connection.scalarText("SELECT call_id FROM calls WHERE id = ?", [.int(key)]) ?? "#" + String(key)
    }

    /// The lines in export order: per agent (by agent id, byte order) its own minutes lines, its
    /// bonus, then adjustments by period; within those by tier id and rate date.
    func lines(period: PayPeriod, adjusted: [PayPeriod], bands: any ScoringResults) throws -> (lines: [PayLine], positions: [LineKey: Int]) {
        let places = configuration.places
        let tiers = configuration.tiers.tiers
        var agents: [Int64: (id: String, name: String)] = [:]
        let rows = try store.connection.cached("SELECT id, agent_id, coalesce(name, '') FROM agents")
            .rows { ($0.int64(0), $0.text(1), $0.text(2)) }
        for (key, id, name) in rows {
            agents[key] = (id, name)
        }

        struct Sorted {
            let agentID: String
            let group: Int
            let adjustmentDay: Int
            let tier: String
            let rateFrom: Int
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
            sorted.append(Sorted(agentID: agent.id, group: adjustment == nil ? 0 : 2, adjustmentDay: adjustment?.firstDay ?? 0,
                                 tier: tier.id, rateFrom: rate.from, reversal: key.reversal, line: line, key: key))
        }

        if !rules.bonusPercentByBand.isEmpty {
            for (key, base) in ownAmounts where base.minorUnits > 0 {
                let agent = agents[key] ?? ("#\(key)", "")
                let scored = try bands.band(
                    agentID: agent.id, scoredFrom: CalendarDate(daysSinceEpoch: period.firstDay),
                    through: CalendarDate(daysSinceEpoch: period.lastDay))
                guard let band = scored?.rawValue,
                      let percent = rules.bonusPercent(forBand: band) else { continue }
                let line = PayLine(
                    period: period.identifier, agentID: agent.id, agentName: agent.name, kind: .bonus, tier: band,
                    perMinute: nil, bonusPercent: percent, calls: 0, billableSeconds: 0, billableMinutes: 0,
                    amount: try base.percentage(percent, rounding: rules.amountRounding), adjustmentOf: nil)
                sorted.append(Sorted(agentID: agent.id, group: 1, adjustmentDay: 0, tier: band, rateFrom: 0, line: line))
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
        let agentRows = try store.connection.cached("SELECT id, agent_id FROM agents").rows { ($0.int64(0), $0.text(1)) }
        for (key, id) in agentRows { agents[key] = id }
        // A voided call under the id it was paid with (its row was renamed by the void).
        let callIDs = try store.connection.cached("""
            SELECT coalesce(v.call_id, c.call_id), v.batch FROM calls c LEFT JOIN call_voids v ON v.call = c.id WHERE c.id = ?
            """)
        var rows: [PayCallDetail] = []
        rows.reserveCapacity(details.count)
        for entry in details {
            try callIDs.bind([.int(entry.call)])
            let found = try callIDs.step()
            let callID = found ? callIDs.text(0) : "#\(entry.call)"
            let voidedIn = found ? callIDs.optionalInt64(1) : nil
            callIDs.reset()
            let tier = entry.tier >= 0 ? tiers[Int(entry.tier)] : nil
            let rate = entry.rate >= 0 ? tier?.rates[Int(entry.rate)] : nil
            let position = entry.line.flatMap { positions[$0] }
            var reason: String?
            if entry.reversal {
                let paidIn = entry.adjustment >= 0 ? adjusted[Int(entry.adjustment)].identifier : "a closed period"
                reason = "voided (batch \(voidedIn.map(String.init) ?? "?")): takes back its pay in \(paidIn)"
            } else if tier == nil {
                reason = UnratedCalls.Reason.noTier.why(rulesFile: TierRules.fileName)
            } else if rate == nil, let tier {
                reason = UnratedCalls.Reason.noRate(tier: tier.id, tierKeyPath: tier.keyPath, firstFrom: tier.rates.first?.from ?? 0)
                    .why(rulesFile: TierRules.fileName)
            } else if entry.billableSeconds == 0 {
                reason = entry.paidSeconds > 0 || rules.unpaidBelowSeconds > 0
                    ? "below unpaid_below_seconds (\(rules.unpaidBelowSeconds) s)" : "no paid seconds"
            }
            rows.append(PayCallDetail(
                callID: callID, agentID: agents[entry.agent] ?? "#\(entry.agent)",
                localStart: PayCallDetail.localStart(entry.startedAt, zone), startedAt: entry.startedAt,
                hotline: hotlineNumber[entry.hotline] ?? "#\(entry.hotline)", tier: tier?.id ?? "", perMinute: rate?.perMinute,
                talkSeconds: entry.talk, holdSeconds: entry.hold, wrapSeconds: entry.wrap, paidSeconds: entry.paidSeconds,
                billableSeconds: entry.billableSeconds, line: position.map { $0 + 1 },
                adjustmentOf: entry.adjustment >= 0 ? adjusted[Int(entry.adjustment)].identifier : nil, unpaidReason: reason))
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
                reason = .noRate(tier: tier.id, tierKeyPath: tier.keyPath, firstFrom: tier.rates.first?.from ?? 0)
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
