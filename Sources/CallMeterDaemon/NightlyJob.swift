public import CallMeter
public import Foundation

/// What the nightly job is given: the slot it runs for, the date to compute up to, the rules and
/// the store.
public struct NightlyRequest {
    /// The local date whose nightly time this run belongs to.
    public let slot: CenterDate
    /// The day before `slot`: "score as of yesterday".
    public let asOf: CenterDate
    public let rules: CenterRules
    public let rulesDirectory: URL
    public let store: Store
}

/// The nightly job: score as of yesterday, compute the routing weights, publish the feed.
///
/// A seam: the daemon schedules it, records each attempt and its outcome in `nightly_runs`,
/// retries it with backoff when it throws, and never touches the feed itself. An implementation
/// must leave the previous feed in place when it fails (write the new one beside it and rename).
public protocol NightlyJob {
    /// Runs the job; returns a one-line summary for the log and `callmeter status`, throws when
    /// it failed.
    func run(_ request: NightlyRequest) throws -> String
}

/// The nightly job of this build: nothing to compute yet, the run is only recorded.
///
/// TODO(issue 4, issue 6): replace with the real job once scoring ("score as of yesterday",
/// issue 4) and the routing weights and ACD feed ("compute weights, publish the feed", issue 6)
/// are merged: score `request.asOf`, compute the weights from that scoring run, publish the feed.
public struct PlaceholderNightlyJob: NightlyJob {
    public init() {}

    public func run(_ request: NightlyRequest) throws -> String {
        "placeholder: scoring (issue 4) and the routing feed (issue 6) are not in this build; nothing computed"
    }
}
