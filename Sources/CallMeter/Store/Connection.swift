internal import CSQLite
import Foundation

/// One open SQLite database. Not `Sendable`: use it from one thread at a time.
///
/// Opened with WAL, `synchronous=NORMAL`, foreign keys on, a 5 s busy timeout, extended result codes
/// and double-quoted string literals off.
package final class Connection {
    let handle: OpaquePointer
    private var cache: [String: Statement] = [:]
    /// Kept alive for SQLite's busy handler, which points at it (see `waitWhenBusy`).
    var busyWait: BusyWait?

    /// Opens (and creates, when `create` is true) the database at `path`.
    /// A newly created file gets mode 0600: it holds pay data.
    package init(path: String, create: Bool = true) throws(SQLiteError) {
        _ = Self.configureLibrary
        let existed = FileManager.default.fileExists(atPath: path)
        var flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_EXRESCODE | SQLITE_OPEN_NOMUTEX
        if create { flags |= SQLITE_OPEN_CREATE }
        if create && !existed && path != ":memory:" {
            // Create the file ourselves so that it never exists with a wider mode.
            let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
            if fd >= 0 { close(fd) }
        }
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { Self.message(of: $0) } ?? "cannot open database"
            sqlite3_close_v2(db)
            throw SQLiteError(extendedCode: rc, message: "\(message) (\(path))", sql: nil)
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, 5_000)
        _ = callmeter_sqlite_disable_dqs(db)
        if path != ":memory:" {
            let mode = try scalarText("PRAGMA journal_mode=WAL")
            guard mode?.lowercased() == "wal" else {
                throw SQLiteError(extendedCode: SQLITE_ERROR, message: "journal_mode=WAL answered \(mode ?? "nothing")", sql: "PRAGMA journal_mode=WAL")
            }
        }
        try execute("PRAGMA synchronous=NORMAL")
        try execute("PRAGMA foreign_keys=ON")
        try execute("PRAGMA cache_size=-24576")
    }

    /// Process-wide SQLite settings, applied once before the first connection.
    private static let configureLibrary: Void = {
        _ = callmeter_sqlite_disable_memstatus()
    }()

    deinit {
        cache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements that take no parameters and return no rows of interest.
    package func execute(_ sql: String) throws(SQLiteError) {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if rc != SQLITE_OK {
            var message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(errorMessage)
            message += Self.systemError(of: handle)
            throw SQLiteError(extendedCode: sqlite3_extended_errcode(handle), message: message, sql: sql)
        }
    }

    /// A prepared statement kept for reuse: the same SQL text returns the same, reset statement.
    package func cached(_ sql: String) throws(SQLiteError) -> Statement {
        if let statement = cache[sql] {
            statement.reset()
            return statement
        }
        let statement = try Statement(connection: self, sql: sql)
        cache[sql] = statement
        return statement
    }

    /// A prepared statement owned by the caller.
    package func prepare(_ sql: String) throws(SQLiteError) -> Statement {
        try Statement(connection: self, sql: sql)
    }

    /// Runs `body` in a transaction: commits when it returns, rolls back and rethrows the first error
    /// when it throws.
    package func transaction<T>(immediate: Bool = true, _ body: () throws -> T) throws -> T {
        try execute(immediate ? "BEGIN IMMEDIATE" : "BEGIN")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            if sqlite3_get_autocommit(handle) == 0 {
                try? execute("ROLLBACK")
            }
            throw error
        }
    }

    package var changes: Int { Int(sqlite3_changes64(handle)) }
    /// Rows inserted, updated or deleted through this connection since it was opened.
    package var totalChanges: Int { Int(sqlite3_total_changes64(handle)) }
    package var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    package func scalarInt(_ sql: String, _ values: [SQLValue] = []) throws(SQLiteError) -> Int64? {
        try scalar(sql, values) { $0.int64(0) }
    }

    package func scalarText(_ sql: String, _ values: [SQLValue] = []) throws(SQLiteError) -> String? {
        try scalar(sql, values) { $0.text(0) }
    }

    /// The first column of the first row, read by `read`; nil without a row or when it is NULL.
    private func scalar<Value>(
        _ sql: String, _ values: [SQLValue], read: (Statement) -> Value
    ) throws(SQLiteError) -> Value? {
        let statement = try cached(sql)
        try statement.bind(values)
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        return statement.isNull(0) ? nil : read(statement)
    }

    func error(sql: String?) -> SQLiteError {
        SQLiteError(
            extendedCode: sqlite3_extended_errcode(handle),
            message: Self.message(of: handle),
            sql: sql
        )
    }

    /// SQLite's message, with the operating system's reason when the file system failed ("unable
    /// to open database file" alone does not say that the folder is read-only or the disk full).
    static func message(of db: OpaquePointer) -> String {
        String(cString: sqlite3_errmsg(db)) + systemError(of: db)
    }

    private static func systemError(of db: OpaquePointer) -> String {
        switch sqlite3_extended_errcode(db) & 0xFF {
        case SQLITE_CANTOPEN, SQLITE_IOERR, SQLITE_FULL, SQLITE_READONLY:
            let code = sqlite3_system_errno(db)
            return code == 0 ? "" : " (\(String(cString: strerror(code))))"
        default:
            return ""
        }
    }
}
