/// The native CDR format's limits and keywords (`CallRow.init(nativeRow:columns:pseudonymizer:)` reads a row).
enum NativeCall {
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

    static let maxIDBytes = 128
    /// The hotline of an outbound call whose row gives the customer's number, not a hotline, in
    /// `hotline` (price it in `Rules/tiers.json` like any hotline).
    static let outboundHotline = "outbound"
    static let maxNameBytes = 64

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
}

extension CallRow {
    /// Validates the row; the first problem found is the rejection.
    init(nativeRow row: CSVReader, columns c: CDRColumns, pseudonymizer: CallerPseudonymizer) throws(RowImportError) {
        let f = FieldReader(row: row)
        callID = try f.required(c.callID, "call_id", maxBytes: NativeCall.maxIDBytes).string
        let hotlineField = try f.required(c.hotline, "hotline", maxBytes: NativeCall.maxNameBytes)
        startedAt = try f.parse(c.startedAt, "started_at", Timestamp.parseInstant)
        endedAt = try f.parse(c.endedAt, "ended_at", Timestamp.parseInstant)
        if endedAt < startedAt { throw f.reject(c.endedAt, "ended_at", "before started_at") }
        if endedAt - startedAt > CDRImporter.maxDurationSeconds { throw f.reject(c.endedAt, "ended_at", "the call lasts more than 24 h") }

        let dispositionText = row.field(c.disposition).trimmed
        guard let disposition = NativeCall.keyword(dispositionText, as: Disposition.self) else {
            throw f.reject(c.disposition, "disposition",
                           "'\(displayText(dispositionText))' is not one of answered, transferred, abandoned, missed")
        }
        self.disposition = disposition
        let connected = disposition.isConnected

        agentID = try f.optional(c.agentID, "agent_id", maxBytes: NativeCall.maxNameBytes)?.string
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

        let caller = try f.optional(c.caller, "caller", maxBytes: NativeCall.maxNameBytes).flatMap { pseudonymizer.pseudonym($0) }
        if let text = f.optional(nonThrowing: c.direction) {
            guard let direction = NativeCall.keyword(text, as: Direction.self) else {
                throw f.reject(c.direction, "direction", "'\(displayText(text))' is not inbound or outbound")
            }
            self.direction = direction
        } else {
            direction = .inbound
        }
        if direction == .outbound, let customer = NativeCall.customerNumber(inHotline: hotlineField, caller: caller, pseudonymizer: pseudonymizer) {
            hotline = NativeCall.outboundHotline
            callerHash = customer
        } else {
            hotline = hotlineField.string
            callerHash = caller
        }
        queue = try f.optional(c.queue, "queue", maxBytes: NativeCall.maxNameBytes)?.string
        if let text = f.optional(nonThrowing: c.endedBy) {
            guard let endedBy = NativeCall.keyword(text, as: EndedBy.self) else {
                throw f.reject(c.endedBy, "ended_by", "'\(displayText(text))' is not agent or caller")
            }
            self.endedBy = endedBy
        } else {
            endedBy = nil
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
