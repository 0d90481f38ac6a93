package import CallMeter
import Foundation

/// What the nightly job is given: the slot it runs for, the date to compute up to, the rules in
/// force and the store. The job reads no rule file itself: an edit on disk waits for `SIGHUP`.
package struct NightlyRequest {
    /// The local date whose nightly time this run belongs to.
    package let slot: CalendarDate
    /// The day before `slot`: "score as of yesterday".
    package let asOf: CalendarDate
    package let rules: RuleSet
    package let store: Store
}

/// The nightly job: score as of yesterday, compute the routing weights, publish the feed.
///
/// A seam: the daemon schedules it, records each attempt and its outcome in `nightly_runs`,
/// retries it with backoff when it throws, and never touches the feed itself. An implementation
/// must leave the previous feed in place when it fails (write the new one beside it and rename).
package protocol NightlyJob {
    /// Runs the job; returns a one-line summary for the log and `callmeter status`, throws when
    /// it failed.
    func run(_ request: NightlyRequest) throws -> String
}

/// The nightly job: scores as of yesterday (`Rules/scoring.json`), computes the routing weights
/// of that run and publishes the feed in the format and at the path of `Rules/routing.json`
/// (relative paths from the database's folder). Any failure throws before the feed is replaced:
/// the publish writes beside the feed and renames, so the previous feed stays in place. A
/// publish the circuit breaker refuses is a failure too (retried; `--force` is for people).
package struct ScoreAndPublishJob: NightlyJob {
    private let environment: [String: String]

    package init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    package func run(_ request: NightlyRequest) throws -> String {
        let scoring = request.rules.scoring
        let asOf = request.asOf
        let run: ScoreRun
        do {
            run = try Scoring(store: request.store).score(asOf: asOf, rules: scoring, integrity: request.rules.integrity, center: request.rules.center)
        } catch ScoringError.noData {
            // A quiet month (or a new center): nothing to score is not a failure to retry.
            return "no answered calls in the scoring window ending \(asOf): nothing scored, the feed is unchanged"
        }
        let routing = request.rules.routing
        let weights = Weights(
            store: request.store, rules: routing, timeZone: request.rules.center.timeZone, user: OSUser.current(environment: environment),
            now: { Int64(Date().timeIntervalSince1970) })
        let path = FeedLocation.defaultPath(for: routing.format, rules: routing, databasePath: request.store.path)
        let published = try weights.publish(asOf: asOf, format: routing.format, path: path, force: false)
        return "scored \(run.rows.count) agents as of \(asOf); published feed v\(published.feed.version) (\(routing.format.rawValue)) to \(path)"
    }
}

/// Why the nightly job could not run.
package struct NightlyJobError: Error, CustomStringConvertible, Sendable {
    package let message: String
    package var description: String { message }
}
