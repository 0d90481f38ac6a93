import Foundation

/// The fingerprint of the caller-pseudonym key a database belongs to (table `pseudonym_key`).
///
/// The fingerprint is HMAC-SHA256 of `label` under the key: it tells keys apart and reveals
/// nothing of the key. A database gets it at its first open with schema 9 or later (a new
/// database, or one migrated from an older CallMeter): the key in use then becomes its key.
enum PseudonymKeyRecord {
    /// Never changes: every recorded fingerprint depends on it.
    static let label = "CallMeter caller-pseudonym key fingerprint, version 1"

    /// The recorded fingerprint, or nil when none is recorded yet.
    static func recorded(_ connection: Connection) throws(SQLiteError) -> [UInt8]? {
        let statement = try connection.cached("SELECT fingerprint FROM pseudonym_key WHERE id = 1")
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        return statement.blob(try statement.columnIndex("fingerprint"))
    }

    /// Whether `fingerprint` is the database's; records it first when the database has none.
    /// Only that first open writes: a read-only database that has its fingerprint opens as before.
    static func matches(_ fingerprint: [UInt8], connection: Connection, nowMilliseconds: Int64) throws(SQLiteError) -> Bool {
        if let stored = try recorded(connection) { return stored == fingerprint }
        // Two processes opening at once: the first insert wins, and both compare with it.
        try connection.cached("INSERT INTO pseudonym_key (id, fingerprint, created_at_ms) VALUES (1, :fingerprint, :now) ON CONFLICT (id) DO NOTHING")
            .run([":fingerprint": .blob(fingerprint), ":now": .int(nowMilliseconds)])
        return try recorded(connection) == fingerprint
    }
}
