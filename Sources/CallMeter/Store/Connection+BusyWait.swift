internal import CSQLite
import Glibc

/// How long a connection waits for another writer's transaction before SQLite answers "database is
/// locked" (`SQLITE_BUSY`), and who is told that it waits.
///
/// SQLite lets one writer at a time into a database; a second one waits in SQLite's busy handler.
/// The default (`sqlite3_busy_timeout`) waits 5 s without a word. This one waits up to a deadline
/// (or until `giveUp` says so, for a daemon asked to stop), backing off from 1 ms to 100 ms, and calls
/// `onWait` once per wait so that a command can say why it does not move.
final class BusyWait {
    let limitNanoseconds: UInt64?
    let onWait: () -> Void
    let giveUp: () -> Bool
    private var startedAt: UInt64 = 0

    init(limitSeconds: Double?, onWait: @escaping () -> Void, giveUp: @escaping () -> Bool) {
        limitNanoseconds = limitSeconds.map { UInt64(max(0, $0) * 1_000_000_000) }
        self.onWait = onWait
        self.giveUp = giveUp
    }

    /// Whether SQLite should try again after its `count`-th busy answer in a row.
    func shouldRetry(count: Int32) -> Bool {
        let now = Monotonic.now
        if count == 0 {
            startedAt = now
            onWait()
        }
        if giveUp() { return false }
        if let limitNanoseconds, now - startedAt >= limitNanoseconds { return false }
        usleep(UInt32(min(100_000, 1_000 << min(Int(count), 7))))
        return true
    }
}

extension Connection {
    /// Replaces the 5 s busy timeout: waits up to `limitSeconds` (nil: until `giveUp`) for another
    /// writer, calling `onWait` when a wait starts.
    func waitWhenBusy(limitSeconds: Double?, onWait: @escaping () -> Void, giveUp: @escaping () -> Bool) {
        let wait = BusyWait(limitSeconds: limitSeconds, onWait: onWait, giveUp: giveUp)
        busyWait = wait
        sqlite3_busy_handler(handle, { context, count in
            guard let context else { return 0 }
            return Unmanaged<BusyWait>.fromOpaque(context).takeUnretainedValue().shouldRetry(count: count) ? 1 : 0
        }, Unmanaged.passUnretained(wait).toOpaque())
    }
}

extension Store {
    /// How this store waits for another writer: up to `limitSeconds` (nil: until `giveUp` answers
    /// true), telling `onWait` when a wait starts. Without it, a store waits 5 s without a word.
    package func waitWhenBusy(limitSeconds: Double?, onWait: @escaping () -> Void, giveUp: @escaping () -> Bool = { false }) {
        connection.waitWhenBusy(limitSeconds: limitSeconds, onWait: onWait, giveUp: giveUp)
    }
}

extension SQLiteError {
    /// True when another writer held the database for the whole wait ("database is locked").
    package var isBusy: Bool { code == SQLITE_BUSY || code == SQLITE_LOCKED }
}
