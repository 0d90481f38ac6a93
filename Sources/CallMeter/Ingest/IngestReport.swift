/// One rejected row: where it is, which field, and why.
public struct RejectedRow: Sendable, Equatable, CustomStringConvertible {
    /// The file as the report names it.
    public let file: String
    /// 1-based line of the file where the row is.
    public let line: Int
    /// 1-based column where the field concerned is.
    public let column: Int
    /// The field concerned, by its column name.
    public let field: String
    /// What is wrong with the value, and what was expected.
    public let reason: String

    /// `FILE:LINE:COLUMN: FIELD: REASON`
    public var description: String { "\(file):\(line):\(column): \(field): \(reason)" }
}

/// What ingesting one file did.
public struct IngestReport: Sendable {
    /// What the file holds: call records, ratings or the agent directory.
    public enum Kind: String, Sendable, CaseIterable {
        case cdr, ratings, agents, commitments
    }

    /// The file as given (or the name it was given under).
    public let file: String
    /// What the file was ingested as.
    public let kind: Kind
    /// The format it was read in (`native`, `asterisk-csv`, …, or a layout's name).
    public let format: String
    /// The batch of this file; for a file whose bytes were ingested before, that earlier batch.
    public internal(set) var batchID: Int64 = 0
    /// True when the same bytes had been ingested before: nothing was done.
    public internal(set) var alreadyIngested = false
    /// Data rows read (the header not counted).
    public internal(set) var rowsRead = 0
    /// Rows stored.
    public internal(set) var rowsAccepted = 0
    /// Rows already stored (the same record again): not stored twice.
    public internal(set) var rowsDuplicate = 0
    /// Rows refused, each with its place and reason (see `firstRejects`).
    public internal(set) var rowsRejected = 0
    /// Rows read and understood that carry nothing CallMeter keeps (queue_log QUEUESTART, …).
    public internal(set) var rowsIgnored = 0
    /// Asterisk formats: calls this file added, and stored calls it changed (their other legs or
    /// events came in an earlier file).
    public internal(set) var callsStored = 0
    /// Stored calls this file changed.
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
    /// Things worth knowing that refused nothing (an unknown column is ignored, say).
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
