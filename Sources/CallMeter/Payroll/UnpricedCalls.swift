/// One call a period cannot price, for `payroll unpriced`: which call, and why it earns nothing.
package struct UnpricedCall: Sendable, Equatable {
    package enum Reason: Sendable, Equatable {
        /// Decided by the payroll computation (the one place that prices calls): no tier for the
        /// hotline, or no rate of its tier on the call's date.
        case computed(UnratedCalls.Reason)
        /// The period was closed with `--allow-unrated`: the call stays unpaid.
        case leftUnpaidAtClose
    }

    package let callID: String
    package let agentID: String
    /// Unix seconds, UTC.
    package let startedAt: Int64
    /// The start in the center's time zone, `2026-11-03 14:05:00`: the date decides the period.
    package let localStart: String
    package let hotline: String
    package let reason: Reason
    /// The closed period the call belongs to when it is a late call paid as an adjustment.
    package let adjustmentOf: String?

    /// The tier id, when the hotline has one.
    package var tier: String? {
        if case .computed(.noRate(let tier, _, _)) = reason { return tier }
        return nil
    }

    /// Why, in words, naming the rule to change.
    /// `closeOverride` names how the close allowed unpriced calls (the CLI's flag).
    package func why(rulesFile: String, closeOverride: String = "allowing unpriced calls") -> String {
        var text: String
        switch reason {
        case .computed(let computed):
            text = computed.why(rulesFile: rulesFile)
        case .leftUnpaidAtClose:
            text = "left unpaid: the period was closed \(closeOverride)"
        }
        if let adjustmentOf { text += "; a late call of the closed period \(adjustmentOf)" }
        return text
    }
}

extension Payroll {
    /// Every call `period` cannot price, by start time then call id: what `payroll unpriced` lists.
    /// An open period is computed as `payroll(for:configuration:)` computes it (its own calls and the
    /// late calls it pays), so the list and `PeriodPayroll.unrated` always agree; a closed one lists
    /// the calls its close left unpaid.
    package func unpricedCalls(for period: PayPeriod, configuration: PayrollConfiguration) throws -> [UnpricedCall] {
        let zone = configuration.center.timeZone
        var result: [UnpricedCall] = []
        let closed = try closedPeriods()
        if let frozen = closed.first(where: { $0.period == period }) {
            let rows = try connection.rows("""
                SELECT c.call_id AS call_id, coalesce(a.agent_id, '') AS agent_id, c.started_at AS started_at, h.hotline AS hotline
                FROM payroll_calls p JOIN calls c ON c.id = p.call JOIN hotlines h ON h.id = c.hotline
                LEFT JOIN agents a ON a.id = c.agent
                JOIN payroll_periods pp ON pp.id = p.period
                WHERE pp.period = :period AND p.tier IS NULL
                """, [":period": .text(frozen.period.identifier)]) {
                    (try $0.text("call_id"), try $0.text("agent_id"), try $0.int64("started_at"), try $0.text("hotline"))
                }
            for (callID, agent, startedAt, hotline) in rows {
                // A call left unpaid may be a late call of an earlier closed period settled here.
                let owner = closed.first { startedAt >= $0.startsAt && startedAt < $0.endsAt }?.period
                result.append(UnpricedCall(
                    callID: callID, agentID: agent, startedAt: startedAt, localStart: PayCallDetail.localStart(startedAt, zone),
                    hotline: hotline, reason: .leftUnpaidAtClose, adjustmentOf: owner == period ? nil : owner?.identifier))
            }
        } else {
            let payroll = try computePayroll(for: period, configuration: configuration, bands: storedScoreBands, closed: closed,
                                             collectCalls: true)
            let call = try connection.cached("""
                SELECT c.call_id AS call_id, coalesce(a.agent_id, '') AS agent_id, c.started_at AS started_at
                FROM calls c LEFT JOIN agents a ON a.id = c.agent
                WHERE c.id = :call
                """)
            for group in payroll.unrated {
                for key in group.callKeys {
                    let found = try call.firstRow([":call": .int(key)]) {
                        (try $0.text("call_id"), try $0.text("agent_id"), try $0.int64("started_at"))
                    }
                    if let (callID, agent, startedAt) = found {
                        result.append(UnpricedCall(
                            callID: callID, agentID: agent, startedAt: startedAt, localStart: PayCallDetail.localStart(startedAt, zone),
                            hotline: group.hotline, reason: .computed(group.reason), adjustmentOf: group.adjustmentOf))
                    }
                }
            }
        }
        return result.sorted { a, b in
            if a.startedAt != b.startedAt { return a.startedAt < b.startedAt }
            return a.callID.utf8.lexicographicallyPrecedes(b.callID.utf8)
        }
    }
}

extension UnratedCalls.Reason {
    /// Why a call with this reason earns nothing, naming the rule to change: the one wording of
    /// `payroll unpriced` and of the per-call detail (`payroll PERIOD --calls`).
    package func why(rulesFile: String) -> String {
        switch self {
        case .noTier:
            "no tier for the hotline (not in \(rulesFile) \"hotlines\")"
        case .noRate(_, let keyPath, let firstFrom):
            "no rate on that date (the tier's first rate starts \(firstFrom), \(rulesFile) \(keyPath).rates)"
        }
    }
}
