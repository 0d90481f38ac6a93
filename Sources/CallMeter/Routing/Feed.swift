/// One agent line of a feed.
public struct FeedEntry: Sendable, Equatable {
    public let agentID: String
    /// The weight published: the run's weight, or the pin's.
    public let weight: Int
    public let scoreTenths: Int?
    public let band: String
    public let pinned: Bool
    /// Only in kamailio feeds: the destination, its dispatcher set and its percent of the set.
    public let sipURI: String?
    public let dispatchSet: Int?
    public let percent: Int?

    public init(agentID: String, weight: Int, scoreTenths: Int?, band: String, pinned: Bool,
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
    public var scoreText: String? {
        scoreTenths.map { "\($0 / 10).\($0 % 10)" }
    }
}

/// A feed ready to be written: what goes in it and the stamps that make it a version.
public struct Feed: Sendable, Equatable {
    public let version: Int64
    public let format: FeedFormat
    /// The scoring run's as-of date.
    public let asOf: String
    /// Unix seconds.
    public let generatedAt: Int64
    public let validUntil: Int64
    /// Sorted as written: by agent ID, or for kamailio by set then agent ID.
    public let entries: [FeedEntry]

    public init(version: Int64, format: FeedFormat, asOf: String, generatedAt: Int64, validUntil: Int64, entries: [FeedEntry]) {
        self.version = version
        self.format = format
        self.asOf = asOf
        self.generatedAt = generatedAt
        self.validUntil = validUntil
        self.entries = entries
    }
}

/// A feed as recorded in the store.
public struct PublishedFeed: Sendable, Equatable {
    public let version: Int64
    public let weightRunID: Int64
    public let format: FeedFormat
    /// Absolute path of the feed.
    public let path: String
    public let generatedAt: Int64
    public let validUntil: Int64
    public let publishedBy: String
    public let forced: Bool
    /// The version whose agents a rollback copied.
    public let rollbackOf: Int64?
    /// SHA-256 of the feed's bytes.
    public let sha256: String
}
