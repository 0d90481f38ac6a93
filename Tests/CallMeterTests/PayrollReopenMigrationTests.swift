import Testing
@testable import CallMeter

/// A v9 database with a closed period keeps it through v10 (which rebuilds the payroll tables),
/// with the foreign keys intact, and can then reopen and close it again.
@Test func version10KeepsTheClosesOfAnOlderDatabase() throws {
    let connection = try databaseAtSchemaVersion(9)
    try connection.execute("""
        INSERT INTO batches (id, file_name, sha256, kind, format, started_at_ms) VALUES (1, 'f', 'x', 'cdr', 'native', 0);
        INSERT INTO hotlines (id, hotline) VALUES (1, 'H');
        INSERT INTO agents (id, agent_id) VALUES (1, 'a');
        INSERT INTO calls (id, call_id, hotline, agent, started_at, ended_at, disposition, talk_seconds, hold_seconds, wrap_seconds,
                           direction, batch, source_line)
        VALUES (1, 'c1', 1, 1, 1790000000, 1790000100, 'answered', 100, 0, 0, 'inbound', 1, 2),
               (2, 'c2', 1, 1, 1790000200, 1790000300, 'answered', 100, 0, 0, 'inbound', 1, 3);
        INSERT INTO payroll_periods (id, period, kind, starts_at, ends_at, currency, currency_places, total_minor, line_count,
                                     export_sha256, tiers_sha256, payroll_sha256, settled_through_call, closed_at_ms)
        VALUES (1, '2026-09', 'monthly', 1788213600, 1790805600, 'CHF', 2, 150, 1, 'd', 't', 'p', 7, 1790900000000);
        INSERT INTO payroll_lines (period, position, agent_id, agent_name, kind, tier, per_minute_e4, bonus_percent_e4, calls,
                                   billable_seconds, billable_minutes_e4, amount_minor, adjustment_of)
        VALUES (1, 0, 'a', '', 'minutes', 't', 4500, NULL, 2, 200, 33333, 150, NULL);
        INSERT INTO payroll_calls (call, period, tier) VALUES (1, 1, 't'), (2, 1, 't');
        """)
    try Schema.migrate(connection)
    #expect(try connection.scalarInt("PRAGMA user_version") == Int64(Schema.currentVersion))
    #expect(try connection.prepare("PRAGMA foreign_key_check").rows { $0.text(0) }.isEmpty)
    #expect(try connection.scalarInt("SELECT count(*) FROM payroll_lines WHERE period = 1") == 1)
    #expect(try connection.scalarInt("SELECT count(*) FROM payroll_calls WHERE period = 1") == 2)
    // Not stored before v10: the last call the close paid itself.
    #expect(try connection.scalarInt("SELECT closed_through_call FROM payroll_periods WHERE id = 1") == 2)
    #expect(try connection.scalarInt("SELECT settled_through_call FROM payroll_periods WHERE id = 1") == 7)
    #expect(try connection.scalarInt("SELECT count(*) FROM payroll_periods WHERE closed_by IS NULL AND reopened_at_ms IS NULL") == 1)

    // One close in force per period; a reopened one may sit beside it, and a call may be in both.
    let second = """
        INSERT INTO payroll_periods (id, period, kind, starts_at, ends_at, currency, currency_places, total_minor, line_count,
                                     export_sha256, tiers_sha256, payroll_sha256, settled_through_call, closed_through_call, closed_at_ms)
        VALUES (2, '2026-09', 'monthly', 1788213600, 1790805600, 'CHF', 2, 150, 1, 'd', 't', 'p', 7, 7, 1790900000001)
        """
    #expect(throws: SQLiteError.self) { try connection.execute(second) }
    try connection.execute("UPDATE payroll_periods SET reopened_at_ms = 1, reopened_by = 'u', reopen_reason = 'r' WHERE id = 1")
    try connection.execute(second)
    try connection.execute("INSERT INTO payroll_calls (call, period, tier) VALUES (1, 2, 't')")
    #expect(try connection.scalarInt("SELECT count(*) FROM payroll_calls WHERE call = 1") == 2)
}
