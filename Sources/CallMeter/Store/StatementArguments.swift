/// Values bound to a statement's named parameters (`:agent`, `:from`), written next to their
/// names where the query is run (in the spirit of GRDB's `StatementArguments`), instead of an
/// array whose order must match the `?`s of the SQL.
///
/// ```swift
/// try connection.rows("SELECT talk_seconds FROM calls WHERE agent = :agent AND started_at >= :from",
///                     [":agent": .int(agentRow), ":from": .int(start)]) { try $0.int64("talk_seconds") }
/// ```
/// Every name must be a parameter of the statement, and every parameter must be given: a
/// mismatch is `SQLiteError.noSuchParameter`/`.unboundParameter` naming it and the SQL, never a
/// silent NULL.
package struct StatementArguments: ExpressibleByDictionaryLiteral, Sendable {
    package var values: [(name: String, value: SQLValue)]

    package init(dictionaryLiteral elements: (String, SQLValue)...) {
        values = elements.map { (name: $0.0, value: $0.1) }
    }

    package init(_ values: [(name: String, value: SQLValue)]) {
        self.values = values
    }

    package var isEmpty: Bool { values.isEmpty }
}

extension SQLValue {
    /// Text, or NULL for nil.
    package static func text(_ value: String?) -> SQLValue { value.map(SQLValue.text) ?? .null }
    /// An integer, or NULL for nil.
    package static func int(_ value: Int64?) -> SQLValue { value.map(SQLValue.int) ?? .null }
    package static func int(_ value: Int) -> SQLValue { .int(Int64(value)) }
    package static func int(_ value: Int?) -> SQLValue { value.map { .int(Int64($0)) } ?? .null }
    package static func bool(_ value: Bool) -> SQLValue { .int(value ? 1 : 0) }
}
