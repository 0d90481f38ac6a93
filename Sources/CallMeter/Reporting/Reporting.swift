/// The QA report and what the morning page adds to it, gathered from one store: the stored scoring
/// runs, the calls and ratings, the pay period so far, and the weights Routing published (through
/// `PublishedWeightsSource`). It scores nothing and stores nothing.
package final class Reporting {
    let store: Store

    package init(store: Store) {
        self.store = store
    }

    var connection: Connection { store.connection }
}
