import Foundation

/// Hours agents commit to (`callmeter ingest commitments`): `agent_id,date,from,to[,hotlines]`,
/// wall-clock times of the center's zone (or `--timezone`).
///
/// - `date` is the local date the commitment starts on; `from` and `to` are `HH:MM`; `to` at or
///   before `from` ends on the next day (`22:00`–`06:00`; `from` = `to` is 24 hours).
/// - Clocks going forward: a `from` or `to` in the skipped hour does not exist and the row is
///   refused (like every wall-clock time the importers read). Clocks going back: a time in the
///   repeated hour is its first occurrence (summer time), except a `to` that would then not be
///   after `from`, which takes the second.
/// - `hotlines`: `;`-separated numbers the commitment is for (`HotlineList`), each one the agent
///   may take when the directory lists the agent's skills; empty: every hotline the agent may take.
/// - Replacement: the commitments of an agent for a date are those of the latest batch that has
///   rows for that agent and date (`Capacity.committedIntervals`).
struct CommitmentImporter: HeaderRowImporter {
    static let requiredColumns = ["agent_id", "date", "from", "to"]
    static let optionalColumns = ["hotlines"]
    static let clearColumns = ["agent_id", "date", "from", "to", "hotlines"]

    private let context: IngestContext
    private let agentID, date, from, to: Int
    private let hotlines: Int?
    private var resolver: LocalTimeResolver
    private let insert: Statement
    /// Agent id → its key and skills (empty: every hotline); nil: not in the store.
    private var agents: [String: (key: Int64, skills: [String])?] = [:]

    init(columns map: ColumnMap, context: IngestContext) throws {
        self.context = context
        agentID = try map.required("agent_id")
        date = try map.required("date")
        from = try map.required("from")
        to = try map.required("to")
        hotlines = map["hotlines"]
        resolver = LocalTimeResolver(zone: context.settings.timeZone)
        insert = try context.connection.prepare("""
            INSERT INTO commitments (agent, local_date, starts_at, ends_at, hotlines, batch, source_line)
            VALUES (:agent, :local_date, :starts_at, :ends_at, :hotlines, :batch, :source_line)
            ON CONFLICT DO NOTHING
            """)
    }

    mutating func importRow(_ row: CSVReader, line: Int) throws(RowImportError) -> RowOutcome {
        let f = FieldReader(row: row)
        let id = try f.required(agentID, "agent_id", maxBytes: NativeCall.maxNameBytes).string
        guard let agent = try known(id) else {
            throw f.reject(agentID, "agent_id", "agent \(TerminalText.escaped(id)) is not in the store (ingest the agent directory first)")
        }
        let day = try f.parse(date, "date", Timestamp.parseDate)
        let fromMinute = try f.parse(from, "from", Self.parseClock)
        let toMinute = try f.parse(to, "to", Self.parseClock)
        let localStart = Int64(day) * 86_400 + Int64(fromMinute) * 60
        let localEnd = Int64(day + (toMinute <= fromMinute ? 1 : 0)) * 86_400 + Int64(toMinute) * 60
        let start: Int64
        do { start = try resolver.instant(wallClock: localStart, fold: .earlier) } catch { throw f.reject(from, "from", error.reason) }
        let end: Int64
        do { end = try resolver.instant(wallClock: localEnd, fold: .notBefore(start + 1)) } catch { throw f.reject(to, "to", error.reason) }
        guard end > start else { throw f.reject(to, "to", "the commitment ends before it starts once placed in \(context.settings.timeZone.identifier)") }
        var numbers: [String] = []
        if let text = try f.optional(hotlines, "hotlines", maxBytes: 4096)?.string {
            switch HotlineList.parse(text) {
            case .success(let parsed): numbers = parsed
            case .failure(let error): throw f.reject(hotlines, "hotlines", error.reason)
            }
            if !agent.skills.isEmpty, let other = numbers.first(where: { !agent.skills.contains($0) }) {
                throw f.reject(hotlines, "hotlines", "agent \(TerminalText.escaped(id)) may take only \(HotlineList.stored(agent.skills)) "
                    + "(the directory's hotlines), not \(other)")
            }
        }
        do {
            try insert.run([
                ":agent": .int(agent.key), ":local_date": .text(Timestamp.formatDate(days: day)), ":starts_at": .int(start),
                ":ends_at": .int(end), ":hotlines": .text(HotlineList.stored(numbers)), ":batch": .int(context.batchID),
                ":source_line": .int(line),
            ])
        } catch {
            throw .database(error)
        }
        return context.connection.changes == 1 ? .accepted : .duplicate
    }

    /// The agent's key and skills, looked up once per file.
    private mutating func known(_ id: String) throws(RowImportError) -> (key: Int64, skills: [String])? {
        if let cached = agents[id] { return cached }
        let found: (key: Int64, skills: [String])?
        do {
            found = try context.connection.firstRow("SELECT id, hotlines FROM agents WHERE agent_id = :agent", [":agent": .text(id)]) { row in
                (key: try row.int64("id"), skills: HotlineList.numbers(stored: try row.optionalText("hotlines")))
            }
        } catch {
            throw .database(error)
        }
        agents[id] = .some(found)
        return found
    }

    /// `HH:MM` (or `H:MM`), 00:00 to 23:59: minutes since midnight.
    static func parseClock(_ raw: UnsafeBufferPointer<UInt8>) throws(FieldError) -> Int {
        let b = raw.trimmed
        let fail = FieldError("'\(displayText(b))' is not a time of day like 08:30 (HH:MM, 00:00 to 23:59)")
        guard b.count == 4 || b.count == 5, b[b.count - 3] == UInt8(ascii: ":") else { throw fail }
        var hour = 0, minute = 0
        for i in 0..<(b.count - 3) {
            guard b[i] >= 48 && b[i] <= 57 else { throw fail }
            hour = hour * 10 + Int(b[i] - 48)
        }
        for i in (b.count - 2)..<b.count {
            guard b[i] >= 48 && b[i] <= 57 else { throw fail }
            minute = minute * 10 + Int(b[i] - 48)
        }
        guard hour < 24, minute < 60 else { throw fail }
        return hour * 60 + minute
    }

    mutating func finish(report: inout IngestReport) throws {}
}
