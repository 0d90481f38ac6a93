import Foundation

/// The CallMeter database: one SQLite file plus its caller-pseudonym key beside it.
public final class Store {
    public let path: String
    let connection: Connection
    let pseudonymizer: CallerPseudonymizer

    /// Opens the database at `path`. With `create`, a missing database and key are created
    /// (database mode 0600, key mode 0600); without it, a missing database is an error.
    public init(path: String, create: Bool = false) throws {
        let keyPath = CallerPseudonymizer.keyPath(forDatabase: path)
        let exists = FileManager.default.fileExists(atPath: path)
        if !exists && !create { throw StoreError.missingDatabase(path: path) }
        if !exists {
            // A new database gets a new key; an existing database never silently gets another one.
            try CallerPseudonymizer.createKeyIfMissing(at: keyPath)
        }
        self.path = path
        connection = try Connection(path: path, create: create)
        try Schema.migrate(connection)
        pseudonymizer = try CallerPseudonymizer(keyPath: keyPath)
    }

    public static var schemaVersion: Int { Schema.currentVersion }
}
