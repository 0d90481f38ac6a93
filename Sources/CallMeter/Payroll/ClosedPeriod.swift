/// A pay period that `callmeter payroll close` froze: its lines are stored and its export never
/// changes again.
public struct ClosedPeriod: Sendable, Equatable {
    package let rowID: Int64
    public let period: PayPeriod
    /// The instants the period covered when it was closed (Unix seconds; end exclusive).
    public let startsAt: Int64
    public let endsAt: Int64
    public let currency: String
    public let places: Int
    public let total: Money
    public let lineCount: Int
    /// SHA-256 (hex) of the rfc4180 export.
    public let exportDigest: String
    /// Calls of the period with an id up to this are settled; later ones are late calls.
    public let settledThroughCall: Int64
    public let closedAtMilliseconds: Int64
    /// The OS user who closed it; nil for closes made before this was recorded.
    public let closedBy: String?
    /// Why it was closed before it ended (`--early --reason`); nil for a close after the end.
    public let earlyReason: String?
    /// Set once the close was reopened (`payroll reopen`): it is history, no longer in force.
    public let reopening: Reopening?

    /// Who reopened a close, when and why.
    public struct Reopening: Sendable, Equatable {
        public let atMilliseconds: Int64
        public let by: String
        public let reason: String
    }
}

extension Store {
    /// Every close in force (not reopened), oldest first: the closed periods.
    package func closedPeriods() throws -> [ClosedPeriod] {
        try closes(connection.cached("""
            SELECT id, period, starts_at, ends_at, currency, currency_places, total_minor, line_count, export_sha256,
                   settled_through_call, closed_at_ms, closed_by, early_reason, reopened_at_ms, reopened_by, reopen_reason
            FROM payroll_periods WHERE reopened_at_ms IS NULL ORDER BY starts_at, id
            """), [])
    }

    /// Every close of `period`, in force or reopened, in the order they were made.
    package func closeHistory(of period: PayPeriod) throws -> [ClosedPeriod] {
        try closes(connection.cached("""
            SELECT id, period, starts_at, ends_at, currency, currency_places, total_minor, line_count, export_sha256,
                   settled_through_call, closed_at_ms, closed_by, early_reason, reopened_at_ms, reopened_by, reopen_reason
            FROM payroll_periods WHERE period = ? ORDER BY id
            """), [.text(period.identifier)])
    }

    private func closes(_ statement: Statement, _ parameters: [SQLValue]) throws -> [ClosedPeriod] {
        let rows = try statement.rows(parameters) { row in
            (row.int64(0), row.text(1), row.int64(2), row.int64(3), row.text(4), Int(row.int64(5)), row.int64(6),
             Int(row.int64(7)), row.text(8), row.int64(9), row.int64(10),
             (row.optionalText(11), row.optionalText(12), row.optionalInt64(13), row.optionalText(14), row.optionalText(15)))
        }
        var result: [ClosedPeriod] = []
        for row in rows {
            let period = try PayPeriod.parse(row.1)
            let audit = row.11
            result.append(ClosedPeriod(
                rowID: row.0, period: period, startsAt: row.2, endsAt: row.3, currency: row.4, places: row.5,
                total: Money(minorUnits: row.6, places: row.5), lineCount: row.7, exportDigest: row.8,
                settledThroughCall: row.9, closedAtMilliseconds: row.10, closedBy: audit.0, earlyReason: audit.1,
                reopening: audit.2.map { ClosedPeriod.Reopening(atMilliseconds: $0, by: audit.3 ?? "", reason: audit.4 ?? "") }))
        }
        return result
    }

    /// The frozen lines of a closed period, in export order.
    package func frozenLines(of closed: ClosedPeriod) throws -> [PayLine] {
        try connection.cached("""
            SELECT agent_id, agent_name, kind, tier, per_minute_e4, bonus_percent_e4, calls, billable_seconds,
                   billable_minutes_e4, amount_minor, adjustment_of
            FROM payroll_lines WHERE period = ? ORDER BY position
            """).rows([.int(closed.rowID)]) { row in
                PayLine(
                    period: closed.period.identifier, agentID: row.text(0), agentName: row.text(1),
                    kind: row.text(2) == PayLine.Kind.bonus.rawValue ? .bonus : .minutes, tier: row.text(3),
                    perMinute: row.optionalInt64(4).map(FixedDecimal.init(tenThousandths:)),
                    bonusPercent: row.optionalInt64(5).map(FixedDecimal.init(tenThousandths:)),
                    calls: row.int64(6), billableSeconds: row.int64(7), billableMinutes: row.int64(8),
                    amount: Money(minorUnits: row.int64(9), places: closed.places), adjustmentOf: row.optionalText(10))
            }
    }

    /// Calls of `closed` that arrived after it was closed and are not paid yet: they will be paid
    /// as adjustments in the first open period after it.
    package func lateCallCount(of closed: ClosedPeriod) throws -> Int {
        Int(try connection.scalarInt("""
            SELECT count(*) FROM calls c
            WHERE c.id > ? AND c.started_at >= ? AND c.started_at < ?
              AND c.agent IS NOT NULL AND c.disposition IN ('answered', 'transferred')
              AND NOT EXISTS (SELECT 1 FROM payroll_calls p JOIN payroll_periods pp ON pp.id = p.period
                              WHERE p.call = c.id AND pp.reopened_at_ms IS NULL)
            """, [.int(closed.settledThroughCall), .int(closed.startsAt), .int(closed.endsAt)]) ?? 0)
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
