internal import CSQLite

/// A value to bind to a statement parameter.
package enum SQLValue: Equatable, Sendable {
    case null
    case int(Int64)
    case text(String)
    case blob([UInt8])
}

/// A prepared statement. Finalized in `deinit`, so a loop that stops early never leaks it.
package final class Statement {
    private let handle: OpaquePointer
    private unowned let connection: Connection
    package let sql: String
    /// Column positions by name, filled at the first read by name (a statement's columns do not
    /// change once it is prepared).
    private var columnIndexes: [String: Int32]?

    init(connection: Connection, sql: String) throws(SQLiteError) {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v3(connection.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard rc == SQLITE_OK, let statement else {
            throw connection.error(sql: sql)
        }
        self.handle = statement
        self.connection = connection
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    package func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Binds `values` to parameters 1, 2, … in order.
    package func bind(_ values: [SQLValue]) throws(SQLiteError) {
        for (offset, value) in values.enumerated() {
            try bind(value, at: Int32(offset + 1))
        }
    }

    package func bind(_ value: SQLValue, at index: Int32) throws(SQLiteError) {
        switch value {
        case .null: try check(sqlite3_bind_null(handle, index))
        case .int(let v): try bind(v, at: index)
        case .text(let s): try bind(s, at: index)
        case .blob(let bytes): try bind(bytes: bytes, at: index)
        }
    }

    package func bind(_ value: Int64, at index: Int32) throws(SQLiteError) {
        try check(sqlite3_bind_int64(handle, index, value))
    }

    package func bind(_ value: Int64?, at index: Int32) throws(SQLiteError) {
        if let value { try bind(value, at: index) } else { try check(sqlite3_bind_null(handle, index)) }
    }

    /// Binds text with its real UTF-8 length, so an embedded NUL does not truncate it.
    package func bind(_ value: String, at index: Int32) throws(SQLiteError) {
        var value = value
        let rc = value.withUTF8 { buffer in
            callmeter_sqlite_bind_text(handle, index, buffer.baseAddress, UInt64(buffer.count))
        }
        try check(rc)
    }

    package func bind(_ value: String?, at index: Int32) throws(SQLiteError) {
        if let value { try bind(value, at: index) } else { try check(sqlite3_bind_null(handle, index)) }
    }

    /// Binds raw UTF-8 bytes as text (the caller has validated them).
    package func bind(utf8 bytes: UnsafeBufferPointer<UInt8>, at index: Int32) throws(SQLiteError) {
        let rc = callmeter_sqlite_bind_text(handle, index, bytes.baseAddress, UInt64(bytes.count))
        try check(rc)
    }

    /// Binds UTF-8 bytes without copying them. The bytes must stay alive and unchanged until the
    /// statement is reset: use it only for a bind-step-reset sequence on bytes that outlive it
    /// (a CSV field of the current row, a static string).
    package func bind(borrowedUTF8 bytes: UnsafeBufferPointer<UInt8>, at index: Int32) throws(SQLiteError) {
        try check(callmeter_sqlite_bind_static_text(handle, index, bytes.baseAddress, UInt64(bytes.count)))
    }

    package func bind(_ text: StaticString, at index: Int32) throws(SQLiteError) {
        try check(callmeter_sqlite_bind_static_text(handle, index, text.utf8Start, UInt64(text.utf8CodeUnitCount)))
    }

    /// Resets the statement for the next step with new values; bindings are left to be overwritten.
    package func resetKeepingBindings() {
        sqlite3_reset(handle)
    }

    package func bind(bytes: [UInt8], at index: Int32) throws(SQLiteError) {
        let rc = bytes.withUnsafeBytes { buffer in
            sqlite3_bind_blob64(handle, index, buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1), UInt64(buffer.count), callmeter_sqlite_transient())
        }
        try check(rc)
    }

    /// Binds a caller pseudonym as a 32-byte blob, without an intermediate array.
    package func bind(pseudonym: Pseudonym, at index: Int32) throws(SQLiteError) {
        let rc = withUnsafeBytes(of: pseudonym.words) { buffer in
            sqlite3_bind_blob64(handle, index, buffer.baseAddress, UInt64(buffer.count), callmeter_sqlite_transient())
        }
        try check(rc)
    }

    package func bindNull(at index: Int32) throws(SQLiteError) {
        try check(sqlite3_bind_null(handle, index))
    }

    /// Steps once: `true` when a row is available, `false` when done.
    @discardableResult
    package func step() throws(SQLiteError) -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = connection.error(sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Runs the statement to completion, ignoring rows.
    package func run(_ values: [SQLValue] = []) throws(SQLiteError) {
        reset()
        try bind(values)
        while try step() {}
        sqlite3_reset(handle)
    }

    /// Runs the statement and maps every row.
    package func rows<T>(_ values: [SQLValue] = [], _ map: (Statement) throws -> T) throws -> [T] {
        reset()
        try bind(values)
        var result: [T] = []
        while try step() { result.append(try map(self)) }
        sqlite3_reset(handle)
        return result
    }

    package func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }
    package func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    package func optionalInt64(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }

    /// Reads text by its byte count, not up to the first NUL.
    package func text(_ column: Int32) -> String {
        guard let pointer = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    package func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }

    /// The value as stored, of whichever storage class it has (REAL is not used by CallMeter's
    /// tables and reads as its integer part).
    package func value(_ column: Int32) -> SQLValue {
        switch sqlite3_column_type(handle, column) {
        case SQLITE_NULL: .null
        case SQLITE_TEXT: .text(text(column))
        case SQLITE_BLOB: .blob(blob(column))
        default: .int(int64(column))
        }
    }

    package func blob(_ column: Int32) -> [UInt8] {
        guard let pointer = sqlite3_column_blob(handle, column) else { return [] }
        let count = Int(sqlite3_column_bytes(handle, column))
        return Array(UnsafeRawBufferPointer(start: pointer, count: count).bindMemory(to: UInt8.self))
    }

    /// The position of result column `name`.
    package func columnIndex(_ name: String) throws(SQLiteError) -> Int32 {
        if columnIndexes == nil {
            var indexes: [String: Int32] = [:]
            for column in 0..<sqlite3_column_count(handle) {
                if let cName = sqlite3_column_name(handle, column) {
                    let columnName = String(cString: cName)
                    if indexes[columnName] == nil { indexes[columnName] = column }
                }
            }
            columnIndexes = indexes
        }
        guard let index = columnIndexes?[name] else { throw SQLiteError.noSuchColumn(name, sql: sql) }
        return index
    }

    /// The position of parameter `name` (`":agent"`), to resolve once before a hot loop that then
    /// binds by position (`bind(_:at:)`) without looking the name up for every row.
    package func parameterIndex(_ name: String) throws(SQLiteError) -> Int32 {
        let index = sqlite3_bind_parameter_index(handle, name)
        guard index > 0 else { throw SQLiteError.noSuchParameter(name, sql: sql) }
        return index
    }

    /// Binds `arguments` to the statement's named parameters (`:name`); every parameter must get a
    /// value and every value must have its parameter.
    package func bind(_ arguments: StatementArguments) throws(SQLiteError) {
        for (name, value) in arguments.values {
            let index = sqlite3_bind_parameter_index(handle, name)
            guard index > 0 else { throw SQLiteError.noSuchParameter(name, sql: sql) }
            try bind(value, at: index)
        }
        let count = sqlite3_bind_parameter_count(handle)
        if count > 0 && Int(count) != arguments.values.count {
            let given = Set(arguments.values.map(\.name))
            for index in 1...count {
                let name = sqlite3_bind_parameter_name(handle, index).map { String(cString: $0) } ?? "?\(index)"
                if !given.contains(name) { throw SQLiteError.unboundParameter(name, sql: sql) }
            }
        }
    }

    private func check(_ rc: Int32) throws(SQLiteError) {
        if rc != SQLITE_OK { throw connection.error(sql: sql) }
    }
}
