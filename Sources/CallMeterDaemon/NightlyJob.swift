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
    /// Unix seconds now: the daemon's clock (a test's fake one), stamped on what the job publishes.
    package var now: () -> Int64 = { Int64(Date().timeIntervalSince1970) }
}

/// What a nightly job reports: a one-line summary, and whether it published new weights. When it
/// did not (no calls in the scoring window, routing in fallback), the daemon renews the feed, as
/// it does when the job fails.
package struct NightlySummary: ExpressibleByStringInterpolation, Equatable, CustomStringConvertible {
    package let text: String
    package let publishedNewWeights: Bool

    package init(_ text: String, publishedNewWeights: Bool) {
        self.text = text
        self.publishedNewWeights = publishedNewWeights
    }

    /// A summary of new weights published.
    package init(stringLiteral value: String) {
        self.init(value, publishedNewWeights: true)
    }

    package init(stringInterpolation: DefaultStringInterpolation) {
        self.init(String(stringInterpolation: stringInterpolation), publishedNewWeights: true)
    }

    package var description: String { text }
}

/// The nightly job: score as of yesterday, compute the routing weights, publish the feed.
///
/// A seam: the daemon schedules it, records each attempt and its outcome in `nightly_runs`,
/// retries it with backoff when it throws, and never touches the feed itself. An implementation
/// must leave the previous feed in place when it fails (write the new one beside it and rename).
package protocol NightlyJob {
    /// Runs the job; returns a one-line summary for the log and `callmeter status`, throws when
    /// it failed.
    func run(_ request: NightlyRequest) throws -> NightlySummary
}

/// The nightly job: scores as of yesterday (`Rules/scoring.json`), computes the routing weights
/// of that run and publishes the feed in the format and at the path of `Rules/routing.json`
/// (relative paths from the database's folder). Any failure throws before the feed is replaced:
/// the publish writes beside the feed and renames, so the previous feed stays in place. A
/// publish the circuit breaker refuses is a failure too (retried; `--force` is for people). While
/// routing is in fallback (`weights fallback`) it scores but publishes nothing: the fallback feed
/// stays until `weights resume`. The `after_publish` command of the routing rules runs after the publish; its outcome is in the
/// summary, and its failure is not the job's.
package struct ScoreAndPublishJob: NightlyJob {
    private let environment: [String: String]

    package init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    package func run(_ request: NightlyRequest) throws -> NightlySummary {
        let scoring = request.rules.scoring
        let asOf = request.asOf
        let run: ScoreRun
        do {
            run = try Scoring(store: request.store).score(asOf: asOf, rules: scoring, integrity: request.rules.integrity, center: request.rules.center)
        } catch ScoringError.noData {
            // A quiet month (or a new center): nothing to score is not a failure to retry.
            return NightlySummary("no answered calls in the scoring window ending \(asOf): nothing scored, no new weights",
                                  publishedNewWeights: false)
        }
        let routing = request.rules.routing
        let weights = Weights(
            store: request.store, rules: routing, timeZone: request.rules.center.timeZone, user: OSUser.current(environment: environment),
            now: request.now)
        if try weights.isInFallback() {
            return NightlySummary("scored \(run.rows.count) agents as of \(asOf); routing is in fallback: no scores published "
                                  + "('callmeter weights resume' returns to them)", publishedNewWeights: false)
        }
        let path = FeedLocation.defaultPath(for: routing.format, rules: routing, databasePath: request.store.path)
        let published = try weights.publish(asOf: asOf, format: routing.format, path: path, force: false)
        var summary = "scored \(run.rows.count) agents as of \(asOf); published feed v\(published.feed.version) (\(routing.format.rawValue)) to \(path)"
        if let (hook, notRecorded) = published.afterPublish { summary += "; " + Self.describe(hook, notRecorded: notRecorded) }
        return NightlySummary(summary, publishedNewWeights: true)
    }

    /// The `after_publish` run for the summary line: its outcome, and when it failed the first
    /// line of its output (all of it is recorded; `status` shows the outcome). A failed hook does
    /// not fail the job: the feed is published, and retrying would publish it again.
    static func describe(_ hook: AfterPublishRun, notRecorded: String?) -> String {
        var text = "after_publish \(hook.command): \(hook.outcome)"
        if !hook.succeeded, let first = hook.output.split(separator: "\n").first {
            text += " (output: \(first.prefix(200)))"
        }
        if let notRecorded { text += " (NOT RECORDED: \(notRecorded))" }
        return text
    }
}

/// Why the nightly job could not run.
package struct NightlyJobError: Error, CustomStringConvertible, Sendable {
    package let message: String
    package var description: String { message }
}
