/// The daemon's records: what `callmeterd` writes about itself (`daemon_state`: who runs it and
/// when it was last alive) and about its nightly job (`nightly_runs`: each attempt and how it
/// ended). Only the daemon writes them; `callmeter status` and the morning page read them.
/// They are the daemon's tables, kept out of `Store`, which only holds the connection.
package final class DaemonRecords {
    let connection: Connection

    package init(store: Store) {
        connection = store.connection
    }
}
