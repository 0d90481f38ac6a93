/// One rejected row: where it is, which field, and why.
public struct RejectedRow: Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int
    public let field: String
    public let reason: String

    /// `FILE:LINE:COLUMN: FIELD: REASON`
    public var description: String { "\(file):\(line):\(column): \(field): \(reason)" }
}

/// What ingesting one file did.
public struct IngestReport: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case cdr, ratings, agents, commitments
    }

    public let file: String
    public let kind: Kind
    public let format: String
    /// The batch of this file; for a file whose bytes were ingested before, that earlier batch.
    public internal(set) var batchID: Int64 = 0
    /// True when the same bytes had been ingested before: nothing was done.
    public internal(set) var alreadyIngested = false
    public internal(set) var rowsRead = 0
    public internal(set) var rowsAccepted = 0
    public internal(set) var rowsDuplicate = 0
    public internal(set) var rowsRejected = 0
    /// Rows read and understood that carry nothing CallMeter keeps (queue_log QUEUESTART, …).
    public internal(set) var rowsIgnored = 0
    /// Asterisk formats: calls this file added, and stored calls it changed (their other legs or
    /// events came in an earlier file).
    public internal(set) var callsStored = 0
    public internal(set) var callsUpdated = 0
    /// Asterisk CDR: legs of this file that became part of a call kept from another leg.
    public internal(set) var legsMerged = 0
    /// queue_log: calls whose events are not complete yet, held for a later file (all files, not
    /// only this one).
    public internal(set) var callsHeld = 0
    /// queue_log: agent sessions (logged-in and paused intervals) rebuilt from this file's events.
    public internal(set) var sessionsStored = 0
    /// The first rejected rows, in file order (all of them are stored in the database).
    public internal(set) var firstRejects: [RejectedRow] = []
    public internal(set) var warnings: [String] = []
    /// Ratings that were waiting for their call and found it in this file.
    public internal(set) var ratingsAttached = 0
    /// Ratings stored without their call (yet).
    public internal(set) var ratingsPending = 0

    static let rejectsKept = 20

    /// A failed ingest: rows were read, every one was rejected, none was stored, counted as a
    /// duplicate, merged or ignored (a file read under the wrong kind, `--format`, layout or
    /// rating scale). Its batch and rejects are kept so that they can be listed, but the batch
    /// does not count as ingested: the same bytes can be ingested again, with the same options or
    /// others. A file without a row (a header only) is not a failed ingest: nothing was refused.
    public var noRowStored: Bool {
        rowsRejected > 0 && rowsAccepted == 0 && rowsDuplicate == 0 && rowsIgnored == 0 && legsMerged == 0
    }
}
