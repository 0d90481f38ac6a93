internal import CSQLite

/// The current row of a statement, its columns read by name (in the spirit of GRDB's `Row`), so a
/// query can add or reorder columns without every reader counting positions again.
///
/// A row is only valid inside the closure that receives it: it reads the statement's current step.
/// Names are matched exactly as the query spells them (`SELECT count(*) AS calls`); a name the
/// query does not have is a programming error, reported as `SQLiteError.noSuchColumn` with the SQL.
package struct Row {
    let statement: Statement

    /// The position of `name` in the result, looked up once per statement.
    package func index(_ name: String) throws(SQLiteError) -> Int32 {
        try statement.columnIndex(name)
    }

    package func isNull(_ name: String) throws(SQLiteError) -> Bool { statement.isNull(try index(name)) }
    package func int64(_ name: String) throws(SQLiteError) -> Int64 { statement.int64(try index(name)) }
    package func int(_ name: String) throws(SQLiteError) -> Int { Int(statement.int64(try index(name))) }
    package func optionalInt64(_ name: String) throws(SQLiteError) -> Int64? { statement.optionalInt64(try index(name)) }
    package func optionalInt(_ name: String) throws(SQLiteError) -> Int? { statement.optionalInt64(try index(name)).map(Int.init) }
    package func bool(_ name: String) throws(SQLiteError) -> Bool { statement.int64(try index(name)) != 0 }
    package func text(_ name: String) throws(SQLiteError) -> String { statement.text(try index(name)) }
    package func optionalText(_ name: String) throws(SQLiteError) -> String? { statement.optionalText(try index(name)) }
    package func blob(_ name: String) throws(SQLiteError) -> [UInt8] { statement.blob(try index(name)) }
    package func value(_ name: String) throws(SQLiteError) -> SQLValue { statement.value(try index(name)) }
    package func optionalBlob(_ name: String) throws(SQLiteError) -> [UInt8]? {
        let column = try index(name)
        return statement.isNull(column) ? nil : statement.blob(column)
    }
}

extension Statement {
    /// Runs the statement with `arguments` bound by name and maps every row, read by column name.
    package func rows<T>(_ arguments: StatementArguments = [:], _ map: (Row) throws -> T) throws -> [T] {
        reset()
        try bind(arguments)
        var result: [T] = []
        let row = Row(statement: self)
        while try step() { result.append(try map(row)) }
        resetKeepingBindings()
        return result
    }

    /// Calls `body` for every row, read by column name, without collecting them (large scans).
    package func forEachRow(_ arguments: StatementArguments = [:], _ body: (Row) throws -> Void) throws {
        reset()
        try bind(arguments)
        let row = Row(statement: self)
        while try step() { try body(row) }
        resetKeepingBindings()
    }

    /// The first row mapped, or nil when there is none.
    package func firstRow<T>(_ arguments: StatementArguments = [:], _ map: (Row) throws -> T) throws -> T? {
        reset()
        try bind(arguments)
        defer { resetKeepingBindings() }
        guard try step() else { return nil }
        return try map(Row(statement: self))
    }

    /// Runs the statement to completion with `arguments` bound by name, ignoring rows.
    package func run(_ arguments: StatementArguments) throws(SQLiteError) {
        reset()
        try bind(arguments)
        while try step() {}
        resetKeepingBindings()
    }
}

extension Connection {
    /// `sql` run with `arguments`, every row mapped by column name.
    package func rows<T>(_ sql: String, _ arguments: StatementArguments = [:], _ map: (Row) throws -> T) throws -> [T] {
        try cached(sql).rows(arguments, map)
    }

    /// The first row of `sql` mapped by column name, or nil.
    package func firstRow<T>(_ sql: String, _ arguments: StatementArguments = [:], _ map: (Row) throws -> T) throws -> T? {
        try cached(sql).firstRow(arguments, map)
    }

    /// Runs `sql` with `arguments` bound by name.
    package func run(_ sql: String, _ arguments: StatementArguments) throws(SQLiteError) {
        try cached(sql).run(arguments)
    }
}
