/// One step of the schema: its version (`PRAGMA user_version` after it ran), a name that says what
/// it is for, and its statements. Each step runs once, in its own transaction, and is recorded in
/// `schema_migrations` (from v14 on; the steps before are recorded by v14).
struct Migration: Sendable {
    let version: Int
    let name: String
    /// The step rebuilds a table that other tables reference. SQLite's documented way
    /// (https://sqlite.org/lang_altertable.html, "other kinds of table schema changes") turns
    /// foreign keys off around the step, which cannot be done inside a transaction, and checks
    /// them before committing.
    var foreignKeysOff = false
    let sql: String
}
