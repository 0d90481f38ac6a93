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

/// SHA-256 (first 16 hex digits) of each migration's statements as they were released. A step that
/// ran on some database must never change (databases made by different releases would differ), even
/// when its text is built from shared pieces; a new step adds its digest here.
private let releasedMigrationDigests: [Int: String] = [
    1: "689b02bef44e6b20", 2: "941cf42a09ca759a", 3: "d3d670c6327e54bf", 4: "4cd7c9ffedd5d1c6", 5: "8d6c15b3499c78a8",
    6: "72957ed4610a60a6", 7: "8044802d2172b507", 8: "2d4e7db0df6dcf31", 9: "87dc4adf0f254b8a", 10: "cdc41147cedb0b7a",
    11: "9ed92c184d1fa9ab", 12: "4da9fcee4ad7eee1", 13: "727bf3c84f4dea7c", 14: "996f64f29e425e6e", 15: "3e92c877d433b005",
    16: "2a06b4b269e195c4", 17: "b6b0ec34ad741056", 18: "fe37d770d7922f8a", 19: "beb7672199327db8", 20: "c51c41d7de8e4a72",
]

@Test func releasedMigrationsKeepTheirExactStatements() {
    for migration in Schema.migrations {
        let digest = String(Crypto.hex(Crypto.sha256(Array(migration.sql.utf8))).prefix(16))
        #expect(releasedMigrationDigests[migration.version] == digest, "migration \(migration.version) \(migration.name): \(digest)")
    }
}
