public import Foundation

/// Routing weights on one store: computing them from a scoring run, pins, publishing the feed,
/// rollback and history. The clock and the user are injected, so the same inputs give the same
/// feeds.
public final class Weights {
    let store: Store
    let rules: RoutingRules
    let timeZone: TimeZone
    let source: any ScoringResults
    /// Unix seconds now.
    let now: () -> Int64
    /// Recorded as who pinned, unpinned or published.
    let user: String

    /// Reads scoring runs from the store through `Scoring`.
    public convenience init(store: Store, rules: RoutingRules, timeZone: TimeZone, user: String, now: @escaping () -> Int64) {
        self.init(store: store, rules: rules, timeZone: timeZone, user: user, now: now,
                  source: Scoring(store: store))
    }

    /// Reads scoring runs from `source`.
    package init(store: Store, rules: RoutingRules, timeZone: TimeZone, user: String, now: @escaping () -> Int64,
                 source: any ScoringResults) {
        self.store = store
        self.rules = rules
        self.timeZone = timeZone
        self.source = source
        self.now = now
        self.user = user
    }

    /// Routing's tables in the store.
    var database: RoutingDatabase { RoutingDatabase(connection: store.connection) }

    /// Today in the center's time zone, by the injected clock.
    public var today: CalendarDate { CalendarDate(containing: now(), in: timeZone) }

    /// The scoring run of `asOf`, or the latest one.
    func snapshot(asOf: CalendarDate?) throws -> ScoringRunSnapshot {
        let found = try asOf.map { try source.run(asOf: $0) } ?? source.latestRun()
        guard let found else { throw RoutingError.noScoringRun(asOf: asOf?.description) }
        return found
    }

    /// The weight run of a scoring run: the stored one when these inputs were weighed before, else
    /// computed now (and stored unless `dryRun`). The flag says whether it was found stored.
    func weightRun(for snapshot: ScoringRunSnapshot, dryRun: Bool) throws -> (run: WeightRun, wasStored: Bool) {
        let directory = try database.directory()
        let inputs = WeightComputation.inputs(
            snapshot: snapshot, directory: directory.values.filter(\.inDirectory).map(\.agentID))
        let digest = WeightComputation.digest(of: inputs, asOf: snapshot.asOf)
        if let stored = try database.weightRun(scoringRun: snapshot.runID, inputsSHA256: digest) {
            return (stored, true)
        }
        let computed = WeightRun(
            id: nil, scoringRunID: snapshot.runID, asOf: snapshot.asOf.description, inputsSHA256: digest, rulesSHA256: rules.sha256,
            computedAt: now(),
            agents: WeightComputation.weigh(inputs, previous: try database.publishedWeights(before: snapshot.asOf.description), rules: rules))
        guard !dryRun else { return (computed, false) }
        let stored = try store.connection.transaction {
            // Another process may have stored it meanwhile: the first one stays.
            if let stored = try database.weightRun(scoringRun: snapshot.runID, inputsSHA256: digest) { return stored }
            return try database.insert(computed, directory: directory)
        }
        return (stored, false)
    }
}
