import Foundation

/// The CallMeter database: one SQLite file plus its caller-pseudonym key beside it.
public final class Store {
    /// The database file's path as given when opening it.
    public let path: String
    let connection: Connection
    let pseudonymizer: CallerPseudonymizer

    /// What is wrong with the key when the store was opened without `verifyingKey` (for
    /// `callmeter check`, which reports it with the other problems); empty otherwise.
    let keyProblems: [StoreError]

    /// Opens the database at `path`. With `create`, a missing database and key are created
    /// (database mode 0600, key mode 0600); without it, a missing database is an error.
    ///
    /// The key must be private (no access for group or others) and the database's own: its
    /// fingerprint is recorded in the database at the first open of schema 9 and compared at
    /// every open after that. A key that fails either is refused (`StoreError.exposedKey`,
    /// `.keyMismatch`) before anything is written.
    public convenience init(path: String, create: Bool = false) throws {
        try self.init(path: path, create: create, verifyingKey: true)
    }

    /// `verifyingKey: false` opens with a key that fails the checks and lists its problems in
    /// `keyProblems` instead of refusing: only for looking (`callmeter check`), never to write.
    package init(path: String, create: Bool, verifyingKey: Bool) throws {
        let keyPath = CallerPseudonymizer.keyPath(forDatabase: path)
        let exists = FileManager.default.fileExists(atPath: path)
        if !exists && !create { throw StoreError.missingDatabase(path: path) }
        if !exists {
            // A new database gets a new key; an existing database never silently gets another one.
            try CallerPseudonymizer.createKeyIfMissing(at: keyPath)
        }
        let pseudonymizer = try CallerPseudonymizer(keyPath: keyPath)
        var problems: [StoreError] = []
        if let mode = pseudonymizer.keyFileMode, mode & 0o077 != 0 {
            problems.append(.exposedKey(path: keyPath, mode: mode))
            if verifyingKey { throw problems[0] }
        }
        self.path = path
        connection = try Connection(path: path, create: create)
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        try Schema.migrate(connection, nowMilliseconds: now)
        if try !PseudonymKeyRecord.matches(pseudonymizer.fingerprint, connection: connection, nowMilliseconds: now) {
            problems.append(.keyMismatch(path: keyPath, database: path))
            if verifyingKey { throw problems[problems.count - 1] }
        }
        self.pseudonymizer = pseudonymizer
        keyProblems = problems
    }

    /// The schema version this build migrates a database to.
    public static var schemaVersion: Int { Schema.currentVersion }

    /// The wall clock in Unix milliseconds, as stored in the `*_at_ms` columns.
    static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }
}
