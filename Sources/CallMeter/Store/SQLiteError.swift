/// An error reported by SQLite: the extended result code, SQLite's message and the SQL that failed.
///
/// Bound values are never part of the description: they may be pay data or caller pseudonyms.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    /// The extended result code (`SQLITE_CONSTRAINT_UNIQUE` is 2067, for example).
    public let extendedCode: Int32
    /// SQLite's own message (`sqlite3_errmsg`).
    public let message: String
    /// The statement that failed, when there was one.
    public let sql: String?

    /// The primary result code (the low byte of the extended one).
    public var code: Int32 { extendedCode & 0xFF }

    package init(extendedCode: Int32, message: String, sql: String?) {
        self.extendedCode = extendedCode
        self.message = message
        self.sql = sql
    }

    /// `SQLite error CODE: MESSAGE - while executing `SQL``, without the bound values.
    public var description: String {
        var text = "SQLite error \(extendedCode): \(message)"
        if let sql { text += " - while executing `\(sql)`" }
        return text
    }
}

extension SQLiteError {
    /// A read by a column name the query does not return (a programming error, with the SQL).
    static func noSuchColumn(_ name: String, sql: String) -> SQLiteError {
        SQLiteError(extendedCode: 25, message: "no result column named '\(name)'", sql: sql)  // SQLITE_RANGE
    }

    /// A named argument the statement has no parameter for.
    static func noSuchParameter(_ name: String, sql: String) -> SQLiteError {
        SQLiteError(extendedCode: 25, message: "no parameter named '\(name)'", sql: sql)  // SQLITE_RANGE
    }

    /// A parameter of the statement left without a value.
    static func unboundParameter(_ name: String, sql: String) -> SQLiteError {
        SQLiteError(extendedCode: 25, message: "no value given for parameter '\(name)'", sql: sql)  // SQLITE_RANGE
    }
}
