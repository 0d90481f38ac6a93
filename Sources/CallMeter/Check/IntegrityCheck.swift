/// One thing `callmeter check` found wrong, printed on one line. Never holds a caller number: the
/// database has none in clear, and stored values that could be one are not printed.
package struct IntegrityProblem: Sendable, Equatable, CustomStringConvertible {
    package let description: String
    init(_ description: String) { self.description = description }
}

/// Maintenance of a store: `callmeter check`, `backup` and `restore`. The one entry point of the
/// `Check` part; it reads every part's tables to check them (the only part that may).
package final class Maintenance {
    package let store: Store
    private var connection: Connection { store.connection }

    package init(store: Store) {
        self.store = store
    }

    /// The caller-pseudonym key (private, and the database's own: see `Store.init`), SQLite's own
    /// checks (`integrity_check`, `foreign_key_check`) and CallMeter's invariants:
    /// ratings point at a stored call or wait for one that is not ingested, closed pay periods
    /// still match the digest stored when they were closed, no call is paid twice, and the call
    /// columns without CHECK constraints hold valid values. Empty when all is well.
    package func integrityProblems() throws -> [IntegrityProblem] {
        // The key first: with the wrong key every later ingest breaks the repeat-caller links.
        let keyProblems = store.keyProblems.map { IntegrityProblem($0.description) }
        var problems = try IntegrityCheck.sqliteProblems(connection)
        // A damaged file makes the domain queries meaningless (or crash-prone): stop here.
        guard problems.isEmpty else { return keyProblems + problems }
        problems += try IntegrityCheck.foreignKeyProblems(connection)
        problems += try IntegrityCheck.ratingProblems(connection)
        problems += try IntegrityCheck.callValueProblems(connection)
        problems += try IntegrityCheck.batchKindProblems(connection)
        problems += try IntegrityCheck.paidTwiceProblems(connection)
        problems += try IntegrityCheck.voidProblems(connection)
        problems += try closedPeriodProblems()
        return keyProblems + problems
    }

    private func closedPeriodProblems() throws -> [IntegrityProblem] {
        var problems: [IntegrityProblem] = []
        for closed in try Payroll(store: store).closedPeriods() {
            let name = closed.period.identifier
            let lines = try Payroll(store: store).frozenLines(of: closed)
            let digest = PayrollCSV.digest(lines: lines, currency: closed.currency, places: closed.places)
            if digest != closed.exportDigest {
                problems.append(IntegrityProblem(
                    "closed period \(name): its pay lines changed since it was closed (export digest \(digest) instead of \(closed.exportDigest))"))
            }
            if lines.count != closed.lineCount {
                problems.append(IntegrityProblem("closed period \(name): \(lines.count) pay lines stored, \(closed.lineCount) when it was closed"))
            }
            var total: Int64 = 0
            var overflow = false
            for line in lines {
                let (sum, o) = total.addingReportingOverflow(line.amount.minorUnits)
                total = sum
                overflow = overflow || o
            }
            if overflow || total != closed.total.minorUnits {
                problems.append(IntegrityProblem(
                    "closed period \(name): its pay lines add up to \(overflow ? "more than can be counted" : String(total)) minor units, "
                        + "\(closed.total.minorUnits) when it was closed"))
            }
            problems += try callDetailProblems(of: closed)
        }
        return problems
    }

    /// The per-call detail a close froze must give each of its minutes lines exactly: its calls and
    /// billable seconds (closes from before the detail was kept have none to check).
    private func callDetailProblems(of closed: ClosedPeriod) throws -> [IntegrityProblem] {
        guard try connection.scalarInt("SELECT details_kept FROM payroll_periods WHERE id = ?", [.int(closed.rowID)]) == 1 else {
            return []
        }
        return try connection.rows("""
            SELECT l.position + 1 AS line, l.calls, l.billable_seconds, count(d.position) AS detail_calls,
                   coalesce(sum(d.billable_seconds), 0) AS detail_seconds
            FROM payroll_lines l LEFT JOIN payroll_call_details d ON d.period = l.period AND d.line = l.position + 1
            WHERE l.period = :period AND l.kind = 'minutes'
            GROUP BY l.position
            -- A line that takes back the pay of voided calls counts them negatively.
            HAVING count(d.position) <> abs(l.calls) OR coalesce(sum(d.billable_seconds), 0) <> l.billable_seconds
            ORDER BY l.position
            """, [":period": .int(closed.rowID)]) { row in
                IntegrityProblem("closed period \(closed.period.identifier): the per-call detail of line \(try row.int64("line")) has "
                                 + "\(try row.int64("detail_calls")) calls and \(try row.int64("detail_seconds")) billable seconds, "
                                 + "the line \(try row.int64("calls")) and \(try row.int64("billable_seconds"))")
            }
    }
}

/// The checks of `Maintenance.integrityProblems()` that need only the connection.
enum IntegrityCheck {
    static let dispositions = CallRow.Disposition.allCases.map(\.rawValue)
    static let directions = CallRow.Direction.allCases.map(\.rawValue)
    static let endedBy = CallRow.EndedBy.allCases.map(\.rawValue)

    static func sqliteProblems(_ connection: Connection) throws -> [IntegrityProblem] {
        // "*** in database main ***" only introduces the messages of the one database.
        let messages = try connection.rows("PRAGMA integrity_check") { try $0.text("integrity_check") }.filter { !$0.hasPrefix("*** in database") }
        if messages == ["ok"] || messages.isEmpty { return [] }
        return messages.map { IntegrityProblem("integrity_check: \($0)") }
    }

    static func foreignKeyProblems(_ connection: Connection) throws -> [IntegrityProblem] {
        try connection.rows("PRAGMA foreign_key_check") { row in
            let table = try row.text("table")
            let rowID = try row.optionalInt64("rowid").map { "row \($0)" } ?? "a row"
            return IntegrityProblem("foreign key: \(table) \(rowID) points at a missing \(try row.text("parent")) row")
        }
    }

    static func ratingProblems(_ connection: Connection) throws -> [IntegrityProblem] {
        let orphans = try connection.rows("""
            SELECT r.id, r.call_key, r.call FROM ratings r
            WHERE r.call IS NOT NULL AND NOT EXISTS (SELECT 1 FROM calls c WHERE c.id = r.call)
            ORDER BY r.id
            """) { row in
                IntegrityProblem("rating \(try row.int64("id")) (call \(shown(try row.text("call_key")))) points at call row "
                                 + "\(try row.int64("call")), which does not exist")
            }
        let mismatched = try connection.rows("""
            SELECT r.id, r.call_key, c.call_id FROM ratings r JOIN calls c ON c.id = r.call
            WHERE c.call_id <> r.call_key ORDER BY r.id
            """) { row in
                IntegrityProblem("rating \(try row.int64("id")) is for call \(shown(try row.text("call_key"))) but points at call "
                                 + "\(shown(try row.text("call_id")))")
            }
        let unattached = try connection.rows("""
            SELECT r.id, r.call_key FROM ratings r
            WHERE r.call IS NULL AND EXISTS (SELECT 1 FROM calls c WHERE c.call_id = r.call_key)
            ORDER BY r.id
            """) { row in
                IntegrityProblem("rating \(try row.int64("id")) waits for call \(shown(try row.text("call_key"))), which is ingested: "
                                 + "it should be attached to it")
            }
        return orphans + mismatched + unattached
    }

    static func callValueProblems(_ connection: Connection) throws -> [IntegrityProblem] {
        var problems: [IntegrityProblem] = []
        // One literal query per column; the valid values are bound as a JSON array.
        let checks: [(column: String, valid: [String], nullable: Bool, sql: String)] = [
            ("disposition", dispositions, false, """
                SELECT disposition AS value, count(*) AS calls, min(call_id) AS example FROM calls
                WHERE (disposition IS NULL OR disposition NOT IN (SELECT value FROM json_each(:valid)))
                  AND id NOT IN (SELECT call FROM call_voids)
                GROUP BY disposition ORDER BY 3
                """),
            ("direction", directions, false, """
                SELECT direction AS value, count(*) AS calls, min(call_id) AS example FROM calls
                WHERE direction IS NULL OR direction NOT IN (SELECT value FROM json_each(:valid)) GROUP BY direction ORDER BY 3
                """),
            ("ended_by", endedBy, true, """
                SELECT ended_by AS value, count(*) AS calls, min(call_id) AS example FROM calls
                WHERE ended_by IS NOT NULL AND ended_by NOT IN (SELECT value FROM json_each(:valid)) GROUP BY ended_by ORDER BY 3
                """),
        ]
        for (column, valid, nullable, sql) in checks {
            let list = "[" + valid.map { "\"\($0)\"" }.joined(separator: ",") + "]"
            problems += try connection.rows(sql, [":valid": .text(list)]) { row in
                    let value = try row.optionalText("value").map(shownValue) ?? "NULL"
                    let count = try row.int64("calls")
                    return IntegrityProblem(
                        "\(count == 1 ? "call" : "\(count) calls, e.g.") \(shown(try row.text("example"))): invalid \(column) \(value) "
                            + "(valid: \(valid.joined(separator: ", "))\(nullable ? " or empty" : ""))")
                }
        }
        return problems
    }

    static let batchKinds = IngestReport.Kind.allCases.map(\.rawValue)

    /// `batches.kind` has no CHECK since v11 (a new kind would need a table rebuild).
    static func batchKindProblems(_ connection: Connection) throws -> [IntegrityProblem] {
        let list = "[" + batchKinds.map { "\"\($0)\"" }.joined(separator: ",") + "]"
        return try connection.rows("""
            SELECT id, kind FROM batches WHERE kind NOT IN (SELECT value FROM json_each(:valid)) ORDER BY id
            """, [":valid": .text(list)]) { row in
                IntegrityProblem("batch \(try row.int64("id")): invalid kind \(shownValue(try row.text("kind"))) (valid: \(batchKinds.joined(separator: ", ")))")
            }
    }

    static func paidTwiceProblems(_ connection: Connection) throws -> [IntegrityProblem] {
        let twice = try connection.rows("""
            SELECT p.call, count(*) AS closes FROM payroll_calls p JOIN payroll_periods pp ON pp.id = p.period
            WHERE pp.reopened_at_ms IS NULL GROUP BY p.call HAVING count(*) > 1 ORDER BY p.call
            """) { row in IntegrityProblem("call row \(try row.int64("call")) is paid by \(try row.int64("closes")) closes in force") }
        let duplicates = try connection.rows("""
            SELECT call_id, count(*) AS copies FROM calls GROUP BY call_id HAVING count(*) > 1 ORDER BY call_id
            """) { row in IntegrityProblem("call \(shown(try row.text("call_id"))) is stored \(try row.int64("copies")) times") }
        return twice + duplicates
    }

    /// Voided batches (`batch_voids`, `call_voids`) must have left nothing behind: no call in
    /// scoring or pay, no rating, no Asterisk leg or event; a kept voided call is out of every reader.
    static func voidProblems(_ connection: Connection) throws -> [IntegrityProblem] {
        var problems = try connection.rows("""
            SELECT v.batch,
                   (SELECT count(*) FROM calls c WHERE c.batch = v.batch AND c.id NOT IN (SELECT call FROM call_voids)) AS calls,
                   (SELECT count(*) FROM ratings r WHERE r.batch = v.batch) AS ratings,
                   (SELECT count(*) FROM asterisk_legs l WHERE l.batch = v.batch)
                   + (SELECT count(*) FROM queue_log_held q WHERE q.batch = v.batch)
                   + (SELECT count(*) FROM agent_session_events e WHERE e.batch = v.batch)
                   + (SELECT count(*) FROM ring_no_answers n WHERE n.batch = v.batch) AS asterisk
            FROM batch_voids v ORDER BY v.batch
            """) { row -> IntegrityProblem? in
                let (calls, ratings, asterisk) = (try row.int64("calls"), try row.int64("ratings"), try row.int64("asterisk"))
                guard calls + ratings + asterisk > 0 else { return nil }
                return IntegrityProblem("voided batch \(try row.int64("batch")) still has \(calls) calls in scoring and pay, \(ratings) ratings "
                                        + "and \(asterisk) Asterisk legs or events")
            }.compactMap { $0 }
        problems += try connection.rows("""
            SELECT v.call, v.batch FROM call_voids v
            WHERE NOT EXISTS (SELECT 1 FROM batch_voids b WHERE b.batch = v.batch)
               OR NOT EXISTS (SELECT 1 FROM calls c WHERE c.id = v.call AND c.batch = v.batch AND c.disposition = 'voided'
                                                      AND c.caller_hash IS NULL)
            ORDER BY v.call
            """) { row in
                IntegrityProblem("voided call row \(try row.int64("call")) (batch \(try row.int64("batch"))): its batch is not voided or the call is not "
                                 + "taken out (disposition 'voided', no caller pseudonym)")
            }
        problems += try connection.rows("""
            SELECT r.id, r.call FROM ratings r JOIN call_voids v ON v.call = r.call ORDER BY r.id
            """) { row in IntegrityProblem("rating \(try row.int64("id")) points at voided call row \(try row.int64("call"))") }
        problems += try connection.rows("""
            SELECT c.id FROM calls c WHERE c.disposition = 'voided' AND c.id NOT IN (SELECT call FROM call_voids) ORDER BY c.id
            """) { row in IntegrityProblem("call row \(try row.int64("id")) is marked voided but no void records it") }
        return problems
    }

    /// An identifier (call id, rating key) as printed in a problem: at most 40 characters, control
    /// characters escaped (`TerminalText`).
    static func shown(_ text: String) -> String {
        var result = TerminalText.escaped(String(String.UnicodeScalarView(text.unicodeScalars.prefix(40))))
        if text.unicodeScalars.count > 40 { result += "…" }
        return result
    }

    /// A stored value that should have been a keyword, quoted; hidden when it holds 5 digits or more,
    /// since it could then be a misplaced caller number, which is never printed.
    static func shownValue(_ text: String) -> String {
        if text.unicodeScalars.filter({ ("0"..."9").contains($0) }).count >= 5 { return "(a value with digits, not shown)" }
        return "'" + shown(text) + "'"
    }
}
