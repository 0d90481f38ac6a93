/// One validated call from a native CDR row.
struct NativeCall: Sendable {
    enum Disposition: String, CaseIterable {
        case answered, transferred, abandoned, missed
        var storedName: StaticString {
            switch self {
            case .answered: "answered"
            case .transferred: "transferred"
            case .abandoned: "abandoned"
            case .missed: "missed"
            }
        }
    }
    enum Direction: String, CaseIterable {
        case inbound, outbound
        var storedName: StaticString { self == .inbound ? "inbound" : "outbound" }
    }
    enum EndedBy: String, CaseIterable {
        case agent, caller
        var storedName: StaticString { self == .agent ? "agent" : "caller" }
    }

    /// The case whose name the field spells, ignoring ASCII case.
    static func keyword<T: RawRepresentable & CaseIterable>(_ bytes: UnsafeBufferPointer<UInt8>, as: T.Type) -> T? where T.RawValue == String {
        for candidate in T.allCases {
            var name = candidate.rawValue
            let matches = name.withUTF8 { utf8 in
                guard utf8.count == bytes.count else { return false }
                for i in 0..<bytes.count {
                    var b = bytes[i]
                    if b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") { b += 32 }
                    if b != utf8[i] { return false }
                }
                return true
            }
            if matches { return candidate }
        }
        return nil
    }

    let callID: String
    let hotline: String
    let agentID: String?
    let startedAt: Int64
    let answeredAt: Int64?
    let endedAt: Int64
    let disposition: Disposition
    let talkSeconds: Int64
    let holdSeconds: Int64
    let wrapSeconds: Int64
    let callerHash: Pseudonym?
    let direction: Direction
    let queue: String?
    let endedBy: EndedBy?

    static let maxIDBytes = 128
    /// The hotline of an outbound call whose row gives the customer's number, not a hotline, in
    /// `hotline` (price it in `Rules/tiers.json` like any hotline).
    static let outboundHotline = "outbound"
    static let maxNameBytes = 64

    /// Validates the row; the first problem found is the rejection.
    init(row: CSVReader, columns c: CDRColumns, pseudonymizer: CallerPseudonymizer) throws(RowImportError) {
        let f = FieldReader(row: row)
        callID = try f.required(c.callID, "call_id", maxBytes: Self.maxIDBytes).string
        let hotlineField = try f.required(c.hotline, "hotline", maxBytes: Self.maxNameBytes)
        startedAt = try f.parse(c.startedAt, "started_at", Timestamp.parseInstant)
        endedAt = try f.parse(c.endedAt, "ended_at", Timestamp.parseInstant)
        if endedAt < startedAt { throw f.reject(c.endedAt, "ended_at", "before started_at") }
        if endedAt - startedAt > CDRImporter.maxDurationSeconds { throw f.reject(c.endedAt, "ended_at", "the call lasts more than 24 h") }

        let dispositionText = row.field(c.disposition).trimmed
        guard let disposition = Self.keyword(dispositionText, as: Disposition.self) else {
            throw f.reject(c.disposition, "disposition",
                           "'\(displayText(dispositionText))' is not one of answered, transferred, abandoned, missed")
        }
        self.disposition = disposition
        let connected = disposition == .answered || disposition == .transferred

        agentID = try f.optional(c.agentID, "agent_id", maxBytes: Self.maxNameBytes)?.string
        if connected && agentID == nil {
            throw f.reject(c.agentID ?? c.disposition, "agent_id", "required when the disposition is \(disposition.rawValue)")
        }
        if let _ = f.optional(nonThrowing: c.answeredAt) {
            let answered = try f.parse(c.answeredAt, "answered_at", Timestamp.parseInstant)
            if answered < startedAt { throw f.reject(c.answeredAt, "answered_at", "before started_at") }
            if answered > endedAt { throw f.reject(c.answeredAt, "answered_at", "after ended_at") }
            answeredAt = answered
        } else {
            answeredAt = nil
        }

        func duration(_ column: Int?, _ name: String) throws(RowImportError) -> Int64? {
            guard f.optional(nonThrowing: column) != nil else { return nil }
            let value = try f.parse(column, name, parseNonNegativeInteger)
            if value > CDRImporter.maxDurationSeconds { throw f.reject(column, name, "\(value) s is more than 24 h") }
            return value
        }
        let talk = try duration(c.talk, "talk_seconds")
        holdSeconds = try duration(c.hold, "hold_seconds") ?? 0
        wrapSeconds = try duration(c.wrap, "wrap_seconds") ?? 0

        if connected {
            // Talk time as the source gives it; derived from timestamps only when it is absent.
            let connectedSince = answeredAt ?? startedAt
            let span = endedAt - connectedSince
            if let talk {
                if talk > span + CDRImporter.talkToleranceSeconds {
                    throw f.reject(c.talk, "talk_seconds",
                                   "\(talk) s is longer than ended_at − \(answeredAt == nil ? "started_at" : "answered_at") (\(span) s)")
                }
                talkSeconds = talk
            } else if let answeredAt {
                talkSeconds = endedAt - answeredAt
            } else {
                throw f.reject(c.talk ?? c.disposition, "talk_seconds", "an \(disposition.rawValue) call needs talk_seconds or answered_at")
            }
        } else {
            if let talk, talk > 0 {
                throw f.reject(c.talk, "talk_seconds", "a call that was \(disposition.rawValue) has no talk time")
            }
            talkSeconds = 0
        }

        let caller = try f.optional(c.caller, "caller", maxBytes: Self.maxNameBytes).flatMap { pseudonymizer.pseudonym($0) }
        if let text = f.optional(nonThrowing: c.direction) {
            guard let direction = Self.keyword(text, as: Direction.self) else {
                throw f.reject(c.direction, "direction", "'\(displayText(text))' is not inbound or outbound")
            }
            self.direction = direction
        } else {
            direction = .inbound
        }
        if direction == .outbound, let customer = Self.customerNumber(inHotline: hotlineField, caller: caller, pseudonymizer: pseudonymizer) {
            hotline = Self.outboundHotline
            callerHash = customer
        } else {
            hotline = hotlineField.string
            callerHash = caller
        }
        queue = try f.optional(c.queue, "queue", maxBytes: Self.maxNameBytes)?.string
        if let text = f.optional(nonThrowing: c.endedBy) {
            guard let endedBy = Self.keyword(text, as: EndedBy.self) else {
                throw f.reject(c.endedBy, "ended_by", "'\(displayText(text))' is not agent or caller")
            }
            self.endedBy = endedBy
        } else {
            endedBy = nil
        }
    }

    /// The customer's number in the `hotline` field of an outbound row, as a pseudonym; nil when the
    /// field names a hotline. An outbound row carries the number dialled in `caller`, like the
    /// caller of an inbound one, and the center's line in `hotline`. A producer that writes the
    /// number dialled as the hotline (the same number as `caller`, or a phone number when the row
    /// has no `caller`) gets it stored only as the caller's pseudonym, never in clear.
    static func customerNumber(
        inHotline field: UnsafeBufferPointer<UInt8>, caller: Pseudonym?, pseudonymizer: CallerPseudonymizer
    ) -> Pseudonym? {
        if let caller {
            return pseudonymizer.pseudonym(field) == caller ? caller : nil
        }
        return AsteriskNames.isPhoneNumber(field.string) ? pseudonymizer.pseudonym(field) : nil
    }

    /// A call as stored, to compare a re-sent call id with.
    struct Stored {
        let hotline: String
        let agentID: String?
        let startedAt: Int64
        let answeredAt: Int64?
        let endedAt: Int64
        let disposition: String
        let talkSeconds, holdSeconds, wrapSeconds: Int64
        let callerHash: Pseudonym?
        let direction: String
        let queue: String?
        let endedBy: String?
        let fileName: String
        let sourceLine: Int64

        static func load(callID: String, connection: Connection) throws -> Stored? {
            try connection.firstRow("""
                SELECT h.hotline, a.agent_id, c.started_at, c.answered_at, c.ended_at, c.disposition, c.talk_seconds,
                       c.hold_seconds, c.wrap_seconds, c.caller_hash, c.direction, c.queue, c.ended_by, b.file_name, c.source_line
                FROM calls c JOIN hotlines h ON h.id = c.hotline JOIN batches b ON b.id = c.batch
                LEFT JOIN agents a ON a.id = c.agent
                WHERE c.call_id = :call_id
                """, [":call_id": .text(callID)]) { row in
                Stored(
                    hotline: try row.text("hotline"), agentID: try row.optionalText("agent_id"), startedAt: try row.int64("started_at"),
                    answeredAt: try row.optionalInt64("answered_at"), endedAt: try row.int64("ended_at"),
                    disposition: try row.text("disposition"), talkSeconds: try row.int64("talk_seconds"),
                    holdSeconds: try row.int64("hold_seconds"), wrapSeconds: try row.int64("wrap_seconds"),
                    callerHash: try row.optionalBlob("caller_hash").flatMap(Pseudonym.init(bytes:)), direction: try row.text("direction"),
                    queue: try row.optionalText("queue"), endedBy: try row.optionalText("ended_by"), fileName: try row.text("file_name"),
                    sourceLine: try row.int64("source_line"))
            }
        }

        /// The names of the fields in which `call` differs from this stored call.
        func differences(from call: NativeCall) -> [String] {
            var names: [String] = []
            if hotline != call.hotline { names.append("hotline") }
            if agentID != call.agentID { names.append("agent_id") }
            if startedAt != call.startedAt { names.append("started_at") }
            if answeredAt != call.answeredAt { names.append("answered_at") }
            if endedAt != call.endedAt { names.append("ended_at") }
            if disposition != call.disposition.rawValue { names.append("disposition") }
            if talkSeconds != call.talkSeconds { names.append("talk_seconds") }
            if holdSeconds != call.holdSeconds { names.append("hold_seconds") }
            if wrapSeconds != call.wrapSeconds { names.append("wrap_seconds") }
            if callerHash != call.callerHash { names.append("caller") }
            if direction != call.direction.rawValue { names.append("direction") }
            if queue != call.queue { names.append("queue") }
            if endedBy != call.endedBy?.rawValue { names.append("ended_by") }
            return names
        }
    }
}

extension FieldReader {
    /// The trimmed field when it is present and not empty; no length check.
    func optional(nonThrowing column: Int?) -> UnsafeBufferPointer<UInt8>? {
        let value = row.field(at: column).trimmed
        return value.isEmpty ? nil : value
    }
}
