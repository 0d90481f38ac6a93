internal import CSQLite

/// Stops what a store is doing from another thread: the statement running on its connection, and
/// the next ones until `interrupt` is no longer called, fail with `SQLITE_INTERRUPT`, so the
/// transaction in hand rolls back. Keeps the connection open as long as it lives
/// (`sqlite3_interrupt` must not race a close).
package final class StoreInterrupter: @unchecked Sendable {
    private let connection: Connection

    init(connection: Connection) {
        self.connection = connection
    }

    package func interrupt() {
        sqlite3_interrupt(connection.handle)
    }
}

extension Store {
    package func makeInterrupter() -> StoreInterrupter {
        StoreInterrupter(connection: connection)
    }
}

extension SQLiteError {
    /// True when the statement was stopped by `StoreInterrupter.interrupt()`.
    package var isInterrupt: Bool { code == SQLITE_INTERRUPT }
}
