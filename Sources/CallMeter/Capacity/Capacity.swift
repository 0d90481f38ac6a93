package import Foundation

/// Capacity planning on one store: agents' committed hours (ingested as `commitments`), the forecast
/// and the queueing-theory requirement per local slot, coverage of every hotline around the clock,
/// and adherence (who kept their commitments, from the `queue_log` agent sessions). It reads the
/// ingested facts (calls, agents, commitments, sessions) and stores nothing of its own.
package final class Capacity {
    let store: Store
    /// The center's zone: slots, days and weeks are local wall-clock intervals in it.
    let timeZone: TimeZone

    package init(store: Store, timeZone: TimeZone) {
        self.store = store
        self.timeZone = timeZone
    }

    var connection: Connection { store.connection }
}
