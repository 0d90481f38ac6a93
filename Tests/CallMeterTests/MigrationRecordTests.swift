import Foundation
import Testing
@testable import CallMeter

private func record(_ connection: Connection) throws -> [(version: Int, name: String, applied: Int64?)] {
    try connection.rows("SELECT version, name, applied_at_ms FROM schema_migrations ORDER BY version") {
        (try $0.int("version"), try $0.text("name"), try $0.optionalInt64("applied_at_ms"))
    }
}

@Test func aNewDatabaseRecordsEveryStepByNameWithTheTimeItRan() throws {
    let connection = try Connection(path: ":memory:", create: true)
    try Schema.migrate(connection, nowMilliseconds: 1_000)
    let steps = try record(connection)
    #expect(steps.map(\.version) == Array(1...Schema.currentVersion))
    #expect(steps.map(\.name) == Schema.migrations.map(\.name))
    #expect(steps.allSatisfy { $0.applied == 1_000 })
    #expect(Set(Schema.migrations.map(\.name)).count == Schema.migrations.count, "migration names are unique")
}

@Test func anOlderDatabaseRecordsTheStepsItRanBeforeWithoutATime() throws {
    let connection = try databaseAtSchemaVersion(13)
    try Schema.migrate(connection, nowMilliseconds: 2_000)
    let steps = try record(connection)
    #expect(steps.map(\.version) == Array(1...Schema.currentVersion))
    #expect(steps.filter { $0.version <= 13 }.allSatisfy { $0.applied == nil })
    #expect(steps.filter { $0.version > 13 }.allSatisfy { $0.applied == 2_000 })
    #expect(try connection.scalarInt("PRAGMA user_version") == Int64(Schema.currentVersion))
    // Opening again runs nothing and records nothing more.
    try Schema.migrate(connection, nowMilliseconds: 3_000)
    #expect(try record(connection).count == Schema.currentVersion)
}

@Test func connectedCallsAreTheAnsweredAndTransferredOnes() throws {
    let connection = try Connection(path: ":memory:", create: true)
    try Schema.migrate(connection)
    let view = try connection.scalarText("SELECT sql FROM sqlite_schema WHERE name = 'connected_calls'")
    #expect(view?.contains("disposition IN ('answered', 'transferred')") == true)
}
