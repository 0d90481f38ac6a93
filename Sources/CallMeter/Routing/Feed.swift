/// One agent line of a feed.
package struct FeedEntry: Sendable, Equatable {
    package let agentID: String
    /// The weight published: the run's weight, or the pin's.
    package let weight: Int
    package let scoreTenths: Int?
    package let band: String
    package let pinned: Bool
    /// Only in kamailio feeds: the destination, its dispatcher set and its percent of the set.
    package let sipURI: String?
    package let dispatchSet: Int?
    package let percent: Int?

    package init(agentID: String, weight: Int, scoreTenths: Int?, band: String, pinned: Bool,
                sipURI: String? = nil, dispatchSet: Int? = nil, percent: Int? = nil) {
        self.agentID = agentID
        self.weight = weight
        self.scoreTenths = scoreTenths
        self.band = band
        self.pinned = pinned
        self.sipURI = sipURI
        self.dispatchSet = dispatchSet
        self.percent = percent
    }

    /// `83.4`, or nil without a score.
    package var scoreText: String? {
        scoreTenths.map { "\($0 / 10).\($0 % 10)" }
    }
}

/// A feed ready to be written: what goes in it and the stamps that make it a version.
public struct Feed: Sendable, Equatable {
    /// The feed's version; versions only grow.
    public let version: Int64
    /// The format it is written in.
    public let format: FeedFormat
    /// The scoring run's as-of date.
    public let asOf: String
    /// Unix seconds.
    public let generatedAt: Int64
    /// Unix seconds: `generatedAt` plus `valid_hours` of `routing.json`.
    public let validUntil: Int64
    /// Sorted as written: by agent ID, or for kamailio by set then agent ID.
    package let entries: [FeedEntry]
    /// Only in freeswitch-tiers feeds: the tiers written, by queue, level and position.
    var tiers: [FreeSWITCHTiers.Tier] = []
    /// Only in asterisk-queues and asterisk-realtime feeds: the queues and their members.
    package var queues: [AsteriskQueue] = []
}

/// A feed as recorded in the store.
public struct PublishedFeed: Sendable, Equatable {
    /// The feed's version.
    public let version: Int64
    /// The weight run whose weights the feed carries.
    public let weightRunID: Int64
    /// The format it was written in.
    public let format: FeedFormat
    /// Absolute path of the feed.
    public let path: String
    /// Unix seconds: when the feed was made.
    public let generatedAt: Int64
    /// Unix seconds: until when the feed is valid.
    public let validUntil: Int64
    /// The user recorded as publishing it.
    public let publishedBy: String
    /// Whether it was published although the circuit breaker tripped.
    public let forced: Bool
    /// The version whose agents a rollback copied.
    public let rollbackOf: Int64?
    /// SHA-256 of the feed's bytes.
    public let sha256: String
    /// Why it was written when not from the scores (nil: from the scores, or a rollback).
    package var origin: FeedOrigin? = nil
    /// Why it was renewed, or why routing fell back.
    package var reason: String? = nil
    /// A renewal's number in a row (1 for the first night renewed) and the `max_extensions` then
    /// in force.
    package var renewal: Int? = nil
    package var renewalLimit: Int? = nil
}

/// Why a feed was written other than from the scores.
package enum FeedOrigin: String, Sendable {
    /// The nightly job could not make new weights: the agents of the feed in `rollbackOf` again,
    /// with a new `valid_until`.
    case renewal
    /// The backup routing of `weights fallback`.
    case fallback
}
