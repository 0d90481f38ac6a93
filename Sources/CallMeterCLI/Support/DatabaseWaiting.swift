import CallMeter
import Foundation

/// A run's lock on the database and its one "waiting for the database" line.
///
/// A writer that finds the database held (by a restore that has the exclusive lock, or by another
/// writer inside SQLite's write transaction) waits up to `--wait` seconds, and says so once on
/// standard error, whether or not it is a terminal: a cron job's log then shows why it took long.
final class DatabaseWaiting: @unchecked Sendable {
    /// `--wait` when not given: a minute covers the commands that usually overlap (a nightly score
    /// beside a file ingest); a restore or a long ingest is worth waiting for explicitly.
    static let defaultSeconds: Double = 60

    private let lock = NSLock()
    private var announced = false
    private var held: DatabaseLock?

    /// The lock taken for this run, released when the run ends.
    var databaseLock: DatabaseLock? {
        get { lock.withLock { held } }
        set { lock.withLock { held = newValue } }
    }

    /// Who else holds the lock of `database` (this run's own entry left out).
    func otherHolders(of database: String) -> [DatabaseLock.Holder] {
        if let own = databaseLock { return own.otherHolders() }
        return DatabaseLock.holders(of: database)
    }

    /// Prints the waiting line once per run.
    func announce(database: String, holders: [DatabaseLock.Holder]? = nil, limitSeconds: Double, console: Console) {
        let first = lock.withLock {
            defer { announced = true }
            return !announced
        }
        guard first else { return }
        let who = DatabaseLock.describe(holders ?? otherHolders(of: database))
        console.error("waiting for the database \(database): held by \(who); waiting up to \(Int(limitSeconds)) s (--wait)")
    }
}
