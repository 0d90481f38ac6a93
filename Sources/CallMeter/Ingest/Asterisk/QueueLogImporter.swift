import Foundation

/// `--format asterisk-queue-log`: the events of Asterisk's ACD (`app_queue`), in one of three
/// shapes, told apart by the first line:
/// - the raw file `/var/log/asterisk/queue_log`: `epoch|callid|queue|agent|EVENT|data1|data2|…`,
///   no header, no quoting;
/// - the realtime table exported as CSV with a header: `time,callid,queuename,agent,event,`
///   `data1,…,data5` (or one `data` column of `|`-joined fields); `time` is an epoch or the local
///   time `YYYY-MM-DD HH:MM:SS.ffffff` Asterisk writes there;
/// - PBXware's queue_log table: `uid,date_time,callid,queue_name,type,event,param1,param2,param3,`
///   `entpos,expos,htime,ttime,time`, whose data fields are rearranged (hold in `htime`, talk in
///   `ttime`); `date_time` (UTC epoch) is used, not the local `time`.
///
/// Call events are held in `queue_log_held` until their call is complete; agent events go to
/// `agent_session_events`. After the last row, complete calls are stored and sessions rebuilt.
struct QueueLogImporter: RowImporter {
    enum Shape { case raw, realtime, pbxware }

    static let rawNames = ["time", "callid", "queue", "agent", "event"] + (1...10).map { "data\($0)" }
    /// The data fields carry the caller's number (ENTERQUEUE): masked in the raw text of a rejected row.
    static let privateColumns = (1...10).map { "data\($0)" } + ["param1", "param2", "param3"]
    /// Kept in clear in a rejected row: times and ids.
    static let clearColumns = ["time", "callid", "uid", "date_time", "id"]
    static let realtimeColumns = ["time", "callid", "queuename", "agent", "event", "data1", "data2", "data3", "data4", "data5", "data", "id"]
    static let pbxwareColumns = [
        "uid", "date_time", "callid", "queue_name", "type", "event", "param1", "param2", "param3", "entpos", "expos", "htime", "ttime",
        "time",
    ]

    static func layout(of path: String, settings: IngestSettings) throws(IngestFileError) -> FileLayout {
        let format = IngestFormat.asteriskQueueLog.rawValue
        guard let line = try firstLine(of: path) else { throw IngestFileError.empty }
        let fields = line.split(separator: UInt8(ascii: "|"), omittingEmptySubsequences: false)
        if fields.count >= 5, let first = fields.first, !first.isEmpty,
           first.allSatisfy({ ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: ".") }) {
            return FileLayout(
                format: format, dialect: CSVDialect(delimiter: UInt8(ascii: "|"), strictQuotes: false, quote: nil), header: nil,
                columnNames: rawNames)
        }
        // A header row: which columns decides the shape (see `init`).
        return FileLayout(
            format: format, dialect: CSVDialect(delimiter: UInt8(ascii: ","), strictQuotes: false), header: ([], realtimeColumns + pbxwareColumns))
    }

    /// The first non-empty line (without a byte order mark), from the first 64 KiB.
    private static func firstLine(of path: String) throws(IngestFileError) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw IngestFileError.unreadable(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        var count = 0
        while count < buffer.count {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress.map { $0 + count }, $0.count - count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw IngestFileError.readFailed(reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            count += n
        }
        var bytes = buffer[..<count]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            var trimmed = line
            while let last = trimmed.last, last == UInt8(ascii: "\r") || last == UInt8(ascii: " ") { trimmed = trimmed.dropLast() }
            if !trimmed.isEmpty { return Array(trimmed) }
        }
        return nil
    }

    // Realtime exports may carry any bytes in data fields; the fields kept are checked.
    static var rowsMustBeUTF8: Bool { false }
    static var rowsMatchHeaderWidth: Bool { false }

    private let context: IngestContext
    private let shape: Shape
    private let columns: QueueLogColumns
    private let headerWidth: Int?
    private var names: AsteriskNames
    private var members: QueueMemberNames
    private var clock: LocalTimeResolver
    private var keys: KeyCache
    private let holdEvent: Statement
    private let addSessionEvent: Statement
    private let addRingNoAnswer: Statement
    private var touchedAgents: Set<Int64> = []
    private var ignored: [String: Int] = [:]
    private let heldParameters: ParameterPositions<HeldParameter>
    private var fingerprints = RowFingerprint()

    /// `holdEvent`'s parameters, resolved once: a queue_log has an event per line.
    private enum HeldParameter: Int, CaseIterable {
        case callid, at, event, queue, agent, callerHash, waitSeconds, talkSeconds, fingerprint, batch, sourceLine, sourceColumn
    }

    init(layout: FileLayout, columns map: ColumnMap?, context: IngestContext) throws {
        self.context = context
        if let map {
            func has(_ names: [String]) -> Bool { names.allSatisfy { map[$0] != nil } }
            if has(["date_time", "callid", "queue_name", "type", "event", "param1", "param2", "htime", "ttime"]) {
                shape = .pbxware
            } else if has(["time", "callid", "queuename", "agent", "event"]) && (has(["data1"]) || has(["data"])) {
                shape = .realtime
            } else {
                throw IngestFileError.header(
                    line: 1, column: 1,
                    reason: "not a queue_log: expected the raw file (epoch|callid|queue|agent|EVENT|…), a table with columns "
                        + "time, callid, queuename, agent, event, data1…data5 (or data), or PBXware's uid, date_time, callid, queue_name, "
                        + "type, event, param1…param3, entpos, expos, htime, ttime (found: \(map.names.joined(separator: ", ")))")
            }
            columns = QueueLogColumns(map: map, shape: shape)
            headerWidth = map.names.count
        } else {
            shape = .raw
            columns = QueueLogColumns(time: 0, callid: 1, queue: 2, agent: 3, event: 4, data: [], names: Self.rawNames)
            headerWidth = nil
        }
        names = try AsteriskNames(rules: context.settings.asterisk)
        members = QueueMemberNames(connection: context.connection)
        clock = LocalTimeResolver(zone: context.settings.timeZone)
        keys = KeyCache(connection: context.connection)
        holdEvent = try context.connection.prepare("""
            INSERT INTO queue_log_held (callid, at, event, queue, agent, caller_hash, wait_seconds, talk_seconds, fingerprint,
                                        batch, source_line, source_column)
            VALUES (:callid, :at, :event, :queue, :agent, :caller_hash, :wait_seconds, :talk_seconds, :fingerprint,
                    :batch, :source_line, :source_column)
            ON CONFLICT (fingerprint) DO NOTHING
            """)
        heldParameters = try ParameterPositions(holdEvent)
        addRingNoAnswer = try context.connection.prepare("""
            INSERT INTO ring_no_answers (agent, at, callid, queue, ring_ms, batch, source_line)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (agent, callid, at) DO NOTHING
            """)
        addSessionEvent = try context.connection.prepare("""
            INSERT INTO agent_session_events (agent, queue, event, at, login_seconds, reason, batch, source_line)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (agent, queue, event, at) DO NOTHING
            """)
    }

    mutating func importRow(_ row: CSVReader, line: Int) throws(RowImportError) -> RowOutcome {
        if let headerWidth, row.fieldCount != headerWidth {
            throw .rejected(RowRejection(column: nil, field: "row", "expected \(headerWidth) fields as in the header, found \(row.fieldCount)"))
        }
        let f = QueueLogFields(row: row, columns: columns, shape: shape)
        if shape == .raw && row.fieldCount < 5 {
            throw .rejected(RowRejection(column: nil, field: "row", "expected at least 5 fields (epoch|callid|queue|agent|EVENT), found \(row.fieldCount)"))
        }
        let eventBytes = f.value(columns.event)
        guard !eventBytes.isEmpty else { throw f.reject(columns.event, "required, but empty") }
        guard firstInvalidUTF8Offset(eventBytes) == nil, eventBytes.count <= 64 else { throw f.reject(columns.event, "not an event name") }
        let event = eventBytes.string.uppercased()
        let kind = QueueLogEventKind(event)
        if kind == .other {
            ignored[event, default: 0] += 1
            return .ignored
        }

        let callid = try f.text(columns.callid, maxBytes: NativeCall.maxIDBytes)
        let at = try time(f, callid: callid)
        let agentField = try f.text(columns.agent, maxBytes: 256).flatMap { $0 == "NONE" ? nil : $0 }
        var agent: String?
        if let agentField, let id = try memberAgent(agentField, event: event, at: at, line: line)
            ?? names.agentID(peer: names.peer(agentField, cached: true)) {
            guard id.utf8.count <= NativeCall.maxNameBytes else {
                throw f.reject(columns.agent, "the agent '\(id.prefix(40))…' is longer than \(NativeCall.maxNameBytes) bytes")
            }
            agent = id
        }
        let queueField = try f.text(columns.queue, maxBytes: NativeCall.maxNameBytes)

        do {
            if kind == .session {
                guard let agent else { throw f.reject(columns.agent, "required for \(event), but empty") }
                let queue = queueField.flatMap { ["NONE", "ALL"].contains($0) ? nil : $0 } ?? ""
                let agentKey = try keys.agent(agent)
                let s = addSessionEvent
                try s.bind(agentKey, at: 1)
                try s.bind(queue, at: 2)
                try s.bind(event, at: 3)
                try s.bind(at, at: 4)
                try s.bind(f.loginSeconds(event), at: 5)
                try s.bind(f.pauseReason(event), at: 6)
                try s.bind(context.batchID, at: 7)
                try s.bind(Int64(line), at: 8)
                try s.step()
                s.reset()
                touchedAgents.insert(agentKey)
                if let agentField, QueueMemberNames.isInterface(agentField) {
                    if event == "ADDMEMBER" { members.added(agent: agent, agentKey: agentKey, queue: queue, at: at) }
                    if event == "REMOVEMEMBER" { members.removed(agent: agent, queue: queue, at: at) }
                }
                return context.connection.changes == 1 ? .accepted : .duplicate
            }

            guard let callid, callid != "NONE" else { throw f.reject(columns.callid, "required for \(event), but empty") }
            guard let queue = queueField, queue != "NONE" else { throw f.reject(columns.queue, "required for \(event), but empty") }
            if kind == .ringNoAnswer {
                guard let agent else { throw f.reject(columns.agent, "required for \(event), but empty") }
                let s = addRingNoAnswer
                try s.bind(try keys.agent(agent), at: 1)
                try s.bind(at, at: 2)
                try s.bind(callid, at: 3)
                try s.bind(queue, at: 4)
                // The ring time in milliseconds: data1 in Asterisk's queue_log, htime in PBXware's
                // table (whose param1 is the caller's number: never read here). Kept when it is one.
                let ring = shape == .pbxware ? f.value(columns.htime) : f.data(0).bytes
                if !ring.isEmpty, ring.count <= 12, ring.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
                    try s.bind(ring.reduce(Int64(0)) { $0 * 10 + Int64($1 - UInt8(ascii: "0")) }, at: 5)
                } else {
                    try s.bindNull(at: 5)
                }
                try s.bind(context.batchID, at: 6)
                try s.bind(Int64(line), at: 7)
                try s.step()
                s.reset()
                return context.connection.changes == 1 ? .accepted : .duplicate
            }
            let numbers = try f.numbers(event: event)
            var caller: Pseudonym?
            if event == "ENTERQUEUE", let number = f.callerNumber() { caller = context.pseudonymizer.pseudonym(number) }
            let fingerprint = fingerprints.digest(of: row, with: context.pseudonymizer)
            let s = holdEvent
            let p = heldParameters
            try s.bind(callid, at: p[.callid])
            try s.bind(at, at: p[.at])
            try s.bind(event, at: p[.event])
            try s.bind(queue, at: p[.queue])
            try s.bind(agent, at: p[.agent])
            if let caller { try s.bind(pseudonym: caller, at: p[.callerHash]) } else { try s.bindNull(at: p[.callerHash]) }
            try s.bind(numbers.wait, at: p[.waitSeconds])
            try s.bind(numbers.talk, at: p[.talkSeconds])
            try s.bind(bytes: fingerprint.bytes, at: p[.fingerprint])
            try s.bind(context.batchID, at: p[.batch])
            try s.bind(Int64(line), at: p[.sourceLine])
            try s.bind(Int64(row.position(ofRawOffset: row.fieldRawOffset(columns.event)).column), at: p[.sourceColumn])
            try s.step()
            s.reset()
            return context.connection.changes == 1 ? .accepted : .duplicate
        } catch let error as RowImportError {
            throw error
        } catch {
            throw .database(error)
        }
    }

    /// The agent of a member name (not an interface, not in the rules' `agents`): the agent whose
    /// interface carries it now, learnt from the ADDMEMBER it follows when this is that event's
    /// pause (see `QueueMemberNames`); nil when no interface carries it.
    private mutating func memberAgent(_ field: String, event: String, at: Int64, line: Int) throws(RowImportError) -> String? {
        guard !QueueMemberNames.isInterface(field), names.rules.names.agents[field] == nil else { return nil }
        do {
            if QueueMemberNames.namesMember(event) { try members.learn(name: field, at: at, line: line) }
            return try members.agent(of: field, at: at)
        } catch {
            throw .database(error)
        }
    }

    /// The event's instant: an epoch, or (realtime table) the local time Asterisk wrote, placed in
    /// the time zone; in a fold, the earlier instant unless it precedes the call's own creation
    /// (the epoch in its callid).
    private mutating func time(_ f: QueueLogFields, callid: String?) throws(RowImportError) -> Int64 {
        let raw = f.value(columns.time)
        if let epoch = Self.epochSeconds(raw) { return epoch }
        // A run of NUL bytes is the zero-fill a crash leaves where the file was being appended; the
        // event after it is whole, but reading it past bytes that are not text would be a guess.
        let nuls = raw.prefix { $0 == 0 }.count
        if nuls > 0 {
            throw f.reject(
                columns.time,
                "the line starts with \(nuls) NUL bytes (the zero-fill a crash leaves in a file being written), not a time: "
                    + "to read the event after them, remove them (tr -d '\\000' < FILE > FILE.fixed) and ingest the fixed file "
                    + "(the rows stored already count as duplicates)")
        }
        guard shape == .realtime else { throw f.reject(columns.time, "'\(displayText(raw))' is not a time in seconds since 1970") }
        let created = callid.flatMap(AsteriskLeg.epoch(ofUniqueID:))
        do {
            return try clock.instant(raw, fold: created.map { .notBefore($0) } ?? .earlier)
        } catch {
            throw f.reject(columns.time, error.reason)
        }
    }

    /// `1543602677` or `1543602677.123456` (the fraction dropped); nil for anything else.
    static func epochSeconds(_ raw: UnsafeBufferPointer<UInt8>) -> Int64? {
        let text = raw.trimmed
        let dot = text.firstIndex(of: UInt8(ascii: ".")) ?? text.endIndex
        let whole = UnsafeBufferPointer(rebasing: text[..<dot])
        guard !whole.isEmpty, whole.count <= 12, let seconds = try? parseNonNegativeInteger(whole) else { return nil }
        if dot < text.endIndex {
            let fraction = text[(dot + 1)...]
            guard !fraction.isEmpty, fraction.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        }
        return seconds
    }

    mutating func finish(report: inout IngestReport) throws {
        var assembler = try QueueCallAssembler(context: context, names: names)
        try assembler.run(report: &report, keys: &keys)
        report.sessionsStored = try AgentSessionBuilder.rebuild(agents: touchedAgents.sorted(), connection: context.connection)
        report.callsHeld = Int(try context.connection.scalarInt("SELECT count(DISTINCT callid) FROM queue_log_held") ?? 0)
        report.warnings.append(contentsOf: members.warnings)
        if !ignored.isEmpty {
            let listed = ignored.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) \($0.value)" }
            report.warnings.append("ignored \(ignored.values.reduce(0, +)) events CallMeter does not use: \(listed.joined(separator: ", "))")
        }
        try CDRImporter.attachPendingRatings(connection: context.connection, report: &report)
    }
}

/// What an event means to CallMeter.
enum QueueLogEventKind: Equatable {
    case enter, connect, terminal, session, ringNoAnswer, other

    init(_ event: String) {
        switch event {
        case "ENTERQUEUE": self = .enter
        case "RINGNOANSWER": self = .ringNoAnswer
        case "CONNECT": self = .connect
        case "COMPLETEAGENT", "COMPLETECALLER", "TRANSFER", "BLINDTRANSFER", "ATTENDEDTRANSFER",
             "ABANDON", "EXITWITHTIMEOUT", "EXITEMPTY", "EXITWITHKEY":
            self = .terminal
        case "AGENTLOGIN", "AGENTLOGOFF", "AGENTCALLBACKLOGIN", "AGENTCALLBACKLOGOFF", "ADDMEMBER", "REMOVEMEMBER",
             "PAUSE", "UNPAUSE", "PAUSEALL", "UNPAUSEALL":
            self = .session
        default: self = .other
        }
    }
}

/// Where the queue_log fields are in one of the three shapes.
struct QueueLogColumns {
    var time, callid, queue, agent, event: Int
    /// Asterisk's data1, data2, … (raw file, realtime table).
    var data: [Int] = []
    /// The single `data` column of a non-adaptive realtime table (`|`-joined).
    var joinedData: Int?
    // PBXware's own columns.
    var param1, param2, htime, ttime, entpos: Int?
    var names: [String]

    init(time: Int, callid: Int, queue: Int, agent: Int, event: Int, data: [Int], names: [String]) {
        self.time = time
        self.callid = callid
        self.queue = queue
        self.agent = agent
        self.event = event
        self.data = data
        self.names = names
    }

    init(map: ColumnMap, shape: QueueLogImporter.Shape) {
        names = map.names
        switch shape {
        case .pbxware:
            time = map["date_time"] ?? 0
            queue = map["queue_name"] ?? 0
            agent = map["type"] ?? 0
            param1 = map["param1"]
            param2 = map["param2"]
            htime = map["htime"]
            ttime = map["ttime"]
            entpos = map["entpos"]
        case .realtime, .raw:
            time = map["time"] ?? 0
            queue = map["queuename"] ?? 0
            agent = map["agent"] ?? 0
            data = (1...5).compactMap { map["data\($0)"] }
            joinedData = data.isEmpty ? map["data"] : nil
        }
        callid = map["callid"] ?? 0
        event = map["event"] ?? 0
    }
}

/// Field access for one queue_log row.
struct QueueLogFields: RejectingFieldReader {
    let row: CSVReader
    let columns: QueueLogColumns
    let shape: QueueLogImporter.Shape

    func value(_ column: Int?) -> UnsafeBufferPointer<UInt8> {
        guard let column, column < row.fieldCount else { return UnsafeBufferPointer(start: nil, count: 0) }
        return row.field(column).trimmed
    }

    func reject(_ column: Int?, _ reason: String) -> RowImportError {
        .rejected(RowRejection(column: column, field: column.flatMap { columns.names[safe: $0] } ?? "row", reason))
    }

    /// Data field `index` (0-based) in Asterisk's order, with its column (for rejects).
    func data(_ index: Int) -> (bytes: UnsafeBufferPointer<UInt8>, column: Int?) {
        let empty = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        if let joined = columns.joinedData {
            let all = value(joined)
            var part = 0, start = 0
            for i in 0...all.count where i == all.count || all[i] == UInt8(ascii: "|") {
                if part == index { return (UnsafeBufferPointer(rebasing: all[start..<i]).trimmed, joined) }
                part += 1
                start = i + 1
            }
            return (empty, joined)
        }
        if shape == .raw {
            let column = columns.event + 1 + index
            return column < row.fieldCount ? (value(column), column) : (empty, nil)
        }
        guard index < columns.data.count else { return (empty, nil) }
        return (value(columns.data[index]), columns.data[index])
    }

    /// How many data fields the row has, trailing empty ones left out.
    var dataCount: Int {
        var count: Int
        if let joined = columns.joinedData {
            count = value(joined).count(where: { $0 == UInt8(ascii: "|") }) + 1
        } else if shape == .raw {
            count = max(0, row.fieldCount - columns.event - 1)
        } else {
            count = columns.data.count
        }
        while count > 0 && data(count - 1).bytes.isEmpty { count -= 1 }
        return count
    }

    /// Hold (wait in queue) and talk seconds of call events. Talk is required where Asterisk
    /// writes it (COMPLETE…, …TRANSFER): `calltime` is the call's talk time.
    func numbers(event: String) throws(RowImportError) -> (wait: Int64?, talk: Int64?) {
        func number(_ field: (bytes: UnsafeBufferPointer<UInt8>, column: Int?), _ name: String, required: Bool) throws(RowImportError) -> Int64? {
            if field.bytes.isEmpty && !required { return nil }
            let value: Int64
            do {
                value = try parseNonNegativeInteger(field.bytes)
            } catch {
                if !required { return nil }
                throw reject(field.column ?? columns.event, "\(name): \(error.reason)")
            }
            if value > CDRImporter.maxDurationSeconds { throw reject(field.column, "\(name) \(value) s is more than 24 h") }
            return value
        }
        if shape == .pbxware {
            let wait = (value(columns.htime), columns.htime)
            let talk = (value(columns.ttime), columns.ttime)
            switch event {
            case "COMPLETEAGENT", "COMPLETECALLER", "TRANSFER", "BLINDTRANSFER", "ATTENDEDTRANSFER":
                return (try number(wait, "holdtime", required: false), try number(talk, "calltime", required: true))
            case "ENTERQUEUE": return (nil, nil)
            default: return (try number(wait, "holdtime", required: false), nil)
            }
        }
        switch event {
        case "CONNECT": return (try number(data(0), "holdtime", required: false), nil)
        case "COMPLETEAGENT", "COMPLETECALLER":
            return (try number(data(0), "holdtime", required: false), try number(data(1), "calltime", required: true))
        case "TRANSFER", "BLINDTRANSFER", "ATTENDEDTRANSFER":
            // …|holdtime|calltime|origposition: the transfer target comes first in one to three fields.
            let count = dataCount
            guard count >= 3 else { throw reject(data(0).column ?? columns.event, "\(event) needs …|holdtime|calltime|origposition") }
            return (try number(data(count - 3), "holdtime", required: false), try number(data(count - 2), "calltime", required: true))
        case "ABANDON", "EXITWITHTIMEOUT", "EXITEMPTY": return (try number(data(2), "waittime", required: false), nil)
        case "EXITWITHKEY": return (try number(data(3), "waittime", required: false), nil)
        default: return (nil, nil)
        }
    }

    /// ENTERQUEUE's caller id (data2; PBXware: param1). Only ever pseudonymised.
    func callerNumber() -> UnsafeBufferPointer<UInt8>? {
        let bytes = shape == .pbxware ? value(columns.param1) : data(1).bytes
        return bytes.isEmpty ? nil : bytes
    }

    /// AGENTLOGOFF / AGENTCALLBACKLOGOFF: how long the agent was logged in (data2; PBXware param2).
    func loginSeconds(_ event: String) -> Int64? {
        guard event == "AGENTLOGOFF" || event == "AGENTCALLBACKLOGOFF" else { return nil }
        let bytes = shape == .pbxware ? value(columns.param2) : data(1).bytes
        guard let seconds = try? parseNonNegativeInteger(bytes), seconds <= 366 * 86_400 else { return nil }
        return seconds
    }

    /// PAUSE / PAUSEALL: the reason given (data1; PBXware param1), when it is short UTF-8.
    func pauseReason(_ event: String) -> String? {
        guard event == "PAUSE" || event == "PAUSEALL" else { return nil }
        let bytes = shape == .pbxware ? value(columns.param1) : data(0).bytes
        guard !bytes.isEmpty, bytes.count <= 128, firstInvalidUTF8Offset(bytes) == nil else { return nil }
        return bytes.string
    }
}
