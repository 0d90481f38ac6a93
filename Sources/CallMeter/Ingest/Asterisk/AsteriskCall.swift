/// A call rebuilt from Asterisk data (CDR legs or queue_log events), ready for the `calls` table.
struct AsteriskCall: Equatable {
    var row: CallRow
    /// The batch and line the call is reported at (its kept leg, its last event).
    let batch: Int64
    let sourceLine: Int64
}

/// Inserts rebuilt calls, or compares them with the call stored under the same id.
struct AsteriskCallWriter {
    enum Outcome: Equatable {
        case inserted
        /// Stored before with the same content.
        case unchanged
        /// Stored before from the same kind of source and rebuilt with more data: replaced.
        case updated
        /// Stored with other content, by a source that may not be replaced: `FILE line N (format)`
        /// and the fields that differ.
        case conflict(origin: String, differences: [String])
    }

    let context: IngestContext
    private let calls: CallRowWriter
    private(set) var inserted = 0
    private(set) var updated = 0

    init(context: IngestContext) throws {
        self.context = context
        calls = try CallRowWriter(connection: context.connection)
    }

    /// Stores `call`. A stored call of one of `replaceable` formats is replaced when it differs
    /// (CDR calls get rebuilt from more legs); one of another format is a conflict.
    @discardableResult
    mutating func write(_ call: AsteriskCall, keys: inout KeyCache, replaceable: Set<String> = AsteriskLegStore.formats) throws -> Outcome {
        let stored = try StoredCall.load(callID: call.row.callID, connection: context.connection)
        if let stored {
            let differences = stored.differences(from: call.row)
            if differences.isEmpty { return .unchanged }
            guard replaceable.contains(stored.format) else {
                return .conflict(origin: "\(stored.fileName) line \(stored.sourceLine) (\(stored.format))", differences: differences)
            }
            try calls.replace(call.row, batch: call.batch, sourceLine: call.sourceLine, keys: &keys)
            updated += 1
            return .updated
        }
        _ = try calls.insert(call.row, batch: call.batch, sourceLine: call.sourceLine, keys: &keys)
        inserted += 1
        return .inserted
    }
}
