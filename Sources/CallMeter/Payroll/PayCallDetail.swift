import Foundation

/// One call of a period's pay, as `payroll PERIOD --calls` exports it: how its paid seconds were
/// counted, which line paid it, or why it earns nothing.
///
/// A line's amount is rounded once from the sum of its calls' billable seconds (`PayLine`), so a
/// call has no amount of its own: its billable seconds add up exactly to its line's, amounts would not.
package struct PayCallDetail: Sendable, Equatable {
    package let callID: String
    package let agentID: String
    /// `2026-10-16 14:29:06`, in the center's time zone when computed (frozen with a close).
    package let localStart: String
    /// Unix seconds; orders the rows.
    package let startedAt: Int64
    /// The hotline number; for a held queue call, its queue.
    package let hotline: String
    /// The tier id; empty when the hotline has none.
    package let tier: String
    package let perMinute: FixedDecimal?
    package let talkSeconds: Int64
    package let holdSeconds: Int64
    package let wrapSeconds: Int64
    /// The paid parts added up: before the increment rule.
    package let paidSeconds: Int64
    /// After the unpaid threshold, the increment and the minimum: what the line sums.
    package let billableSeconds: Int64
    /// The 1-based row of the pay line in the period's export (`payroll PERIOD --export`); nil when
    /// no line pays the call.
    package let line: Int?
    /// For a late call paid as an adjustment: the closed period it belongs to.
    package let adjustmentOf: String?
    /// Why the call earns nothing (no tier, no rate yet, below the threshold, held); nil when paid.
    package let unpaidReason: String?

    /// By line (unpaid calls last), then start, then call id (byte order).
    static func exportOrder(_ a: PayCallDetail, _ b: PayCallDetail) -> Bool {
        if a.line != b.line { return (a.line ?? Int.max) < (b.line ?? Int.max) }
        if a.startedAt != b.startedAt { return a.startedAt < b.startedAt }
        return a.callID.utf8.lexicographicallyPrecedes(b.callID.utf8)
    }

    /// `2026-10-16 14:29:06` in `zone`.
    static func localStart(_ seconds: Int64, _ zone: TimeZone) -> String {
        let wall = Timestamp.formatUTC(seconds + CalendarDate.offset(at: seconds, in: zone))
        return String(wall.prefix(10)) + " " + String(wall.dropFirst(11).prefix(8))
    }
}

extension Payroll {
    /// The held queue_log calls of `[start, end)` as unpaid detail rows: not paid yet, since the
    /// rest of their events is missing.
    func heldCallDetails(from start: Int64, before end: Int64, zone: TimeZone) throws -> [PayCallDetail] {
        try store.heldQueueCalls(startingFrom: start, before: end).map { held in
            PayCallDetail(
                callID: held.callID, agentID: held.agent ?? "", localStart: PayCallDetail.localStart(held.firstEventAt, zone),
                startedAt: held.firstEventAt, hotline: held.queue, tier: "", perMinute: nil, talkSeconds: 0, holdSeconds: 0,
                wrapSeconds: 0, paidSeconds: 0, billableSeconds: 0, line: nil, adjustmentOf: nil,
                unpaidReason: "held queue call: incomplete until the rest of its events is ingested")
        }
    }

    /// The detail a close froze, in export order. Closes made before the detail was kept have none:
    /// refused rather than shown empty.
    package func frozenCallDetails(of closed: ClosedPeriod) throws -> [PayCallDetail] {
        let kept = try connection.firstRow("SELECT details_kept FROM payroll_periods WHERE id = :close", [":close": .int(closed.rowID)]) {
            try $0.bool("details_kept")
        } ?? false
        guard kept else { throw PayrollError(.noFrozenDetails(period: closed.period.identifier)) }
        return try connection.rows("""
            SELECT call_id, agent_id, local_start, started_at, hotline, tier, per_minute_e4, talk_seconds, hold_seconds,
                   wrap_seconds, paid_seconds, billable_seconds, line, adjustment_of, unpaid_reason
            FROM payroll_call_details WHERE period = :close ORDER BY position
            """, [":close": .int(closed.rowID)]) { row in
                PayCallDetail(
                    callID: try row.text("call_id"), agentID: try row.text("agent_id"), localStart: try row.text("local_start"),
                    startedAt: try row.int64("started_at"), hotline: try row.text("hotline"), tier: try row.text("tier"),
                    perMinute: try row.optionalInt64("per_minute_e4").map(FixedDecimal.init(tenThousandths:)),
                    talkSeconds: try row.int64("talk_seconds"), holdSeconds: try row.int64("hold_seconds"),
                    wrapSeconds: try row.int64("wrap_seconds"), paidSeconds: try row.int64("paid_seconds"),
                    billableSeconds: try row.int64("billable_seconds"), line: try row.optionalInt("line"),
                    adjustmentOf: try row.optionalText("adjustment_of"), unpaidReason: try row.optionalText("unpaid_reason"))
            }
    }
}
