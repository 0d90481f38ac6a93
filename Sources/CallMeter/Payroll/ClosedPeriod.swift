/// A pay period that `callmeter payroll close` froze: its lines are stored and its export never
/// changes again.
public struct ClosedPeriod: Sendable, Equatable {
    package let rowID: Int64
    package let period: PayPeriod
    /// The instants the period covered when it was closed (Unix seconds; end exclusive).
    package let startsAt: Int64
    package let endsAt: Int64
    package let currency: String
    package let places: Int
    package let total: Money
    package let lineCount: Int
    /// SHA-256 (hex) of the rfc4180 export.
    package let exportDigest: String
    /// Calls of the period with an id up to this are settled; later ones are late calls.
    package let settledThroughCall: Int64
    package let closedAtMilliseconds: Int64
    /// The OS user who closed it; nil for closes made before this was recorded.
    package let closedBy: String?
    /// Why it was closed before it ended (`--early --reason`); nil for a close after the end.
    package let earlyReason: String?
    /// Set once the close was reopened (`payroll reopen`): it is history, no longer in force.
    package let reopening: AuditStamp?
}

extension ClosedPeriod {
    /// A row of `payroll_periods`, read by column name.
    init(row: Row) throws {
        let places = try row.int("currency_places")
        rowID = try row.int64("id")
        period = try PayPeriod.parse(try row.text("period"))
        startsAt = try row.int64("starts_at")
        endsAt = try row.int64("ends_at")
        currency = try row.text("currency")
        self.places = places
        total = Money(minorUnits: try row.int64("total_minor"), places: places)
        lineCount = try row.int("line_count")
        exportDigest = try row.text("export_sha256")
        settledThroughCall = try row.int64("settled_through_call")
        closedAtMilliseconds = try row.int64("closed_at_ms")
        closedBy = try row.optionalText("closed_by")
        earlyReason = try row.optionalText("early_reason")
        let by = try row.optionalText("reopened_by") ?? "", reason = try row.optionalText("reopen_reason") ?? ""
        reopening = try row.optionalInt64("reopened_at_ms").map { AuditStamp(atMilliseconds: $0, by: by, reason: reason) }
    }
}

extension Payroll {
    /// Every close in force (not reopened), oldest first: the closed periods.
    package func closedPeriods() throws -> [ClosedPeriod] {
        try connection.rows("""
            SELECT id, period, starts_at, ends_at, currency, currency_places, total_minor, line_count, export_sha256,
                   settled_through_call, closed_at_ms, closed_by, early_reason, reopened_at_ms, reopened_by, reopen_reason
            FROM payroll_periods WHERE reopened_at_ms IS NULL ORDER BY starts_at, id
            """, [:], ClosedPeriod.init(row:))
    }

    /// Every close of `period`, in force or reopened, in the order they were made: what
    /// `payroll history` lists. Empty when the period was never closed.
    package func history(of period: PayPeriod) throws -> [ClosedPeriod] {
        try connection.rows("""
            SELECT id, period, starts_at, ends_at, currency, currency_places, total_minor, line_count, export_sha256,
                   settled_through_call, closed_at_ms, closed_by, early_reason, reopened_at_ms, reopened_by, reopen_reason
            FROM payroll_periods WHERE period = :period ORDER BY id
            """, [":period": .text(period.identifier)], ClosedPeriod.init(row:))
    }

    /// The frozen lines of a closed period, in export order.
    package func frozenLines(of closed: ClosedPeriod) throws -> [PayLine] {
        try connection.rows("""
            SELECT agent_id, agent_name, kind, tier, per_minute_e4, bonus_percent_e4, calls, billable_seconds,
                   billable_minutes_e4, amount_minor, adjustment_of
            FROM payroll_lines WHERE period = :close ORDER BY position
            """, [":close": .int(closed.rowID)]) { row in
                PayLine(
                    period: closed.period.identifier, agentID: try row.text("agent_id"), agentName: try row.text("agent_name"),
                    kind: try row.text("kind") == PayLine.Kind.bonus.rawValue ? .bonus : .minutes, tier: try row.text("tier"),
                    perMinute: try row.optionalInt64("per_minute_e4").map(FixedDecimal.init(tenThousandths:)),
                    bonusPercent: try row.optionalInt64("bonus_percent_e4").map(FixedDecimal.init(tenThousandths:)),
                    calls: try row.int64("calls"), billableSeconds: try row.int64("billable_seconds"),
                    billableMinutes: try row.int64("billable_minutes_e4"),
                    amount: Money(minorUnits: try row.int64("amount_minor"), places: closed.places),
                    adjustmentOf: try row.optionalText("adjustment_of"))
            }
    }

    /// Calls of `closed` that arrived after it was closed and are not paid yet: they will be paid
    /// as adjustments in the first open period after it.
    package func lateCallCount(of closed: ClosedPeriod) throws -> Int {
        try connection.firstRow("""
            SELECT count(*) AS late FROM connected_calls c
            WHERE c.id > :afterCall AND c.started_at >= :from AND c.started_at < :before AND c.agent IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM payroll_calls p JOIN payroll_periods pp ON pp.id = p.period
                              WHERE p.call = c.id AND pp.reopened_at_ms IS NULL)
            """, [":afterCall": .int(closed.settledThroughCall), ":from": .int(closed.startsAt), ":before": .int(closed.endsAt)]) {
                try $0.int("late")
            } ?? 0
    }
}

extension [ClosedPeriod] {
    /// The first period of `kind` after `closed` that neither is nor overlaps a closed period: where
    /// the late calls of `closed` are paid.
    package func firstOpen(after closed: PayPeriod, kind: PayPeriod.Kind) -> PayPeriod {
        var candidate = PayPeriod.containing(day: closed.endDay, kind: kind)
        // Bounded: there are finitely many closed periods, each skips at most a few candidates.
        for _ in 0...(count * 64 + 64) {
            guard contains(where: { $0.period.overlaps(candidate) }) else { return candidate }
            candidate = candidate.next
        }
        return candidate
    }
}
