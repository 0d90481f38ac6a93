import Foundation

/// What a publish or a rollback did.
public struct PublishResult: Sendable {
    /// The feed as recorded in the store.
    public let feed: PublishedFeed
    package let entries: [FeedEntry]
    /// The queues of an Asterisk feed (empty for other formats).
    package let queues: [AsteriskQueue]
    /// Agents of the run left out because the directory marks them inactive.
    public let inactive: [String]
    /// Agents left out of a kamailio or Asterisk feed, with the reason (no SIP URI, no interface, …).
    public let leftOut: [(agentID: String, reason: String)]
    /// The sidecar of a csv or Asterisk feed.
    public let sidecarPath: String?
    /// The versions whose copies are kept beside the feed, newest first.
    public let keptVersions: [Int64]
    /// The breaker that `--force` overrode, if it would have tripped.
    package let overriddenTrip: CircuitBreaker.Trip?
    /// The as-of date of the scoring run whose weights were published.
    public let asOf: String
}

extension Weights {
    /// Computes (or reuses) the weights of the scoring run of `asOf` (default: the latest), applies
    /// today's pins, leaves out inactive agents and writes the feed to `path` atomically, keeping
    /// a copy beside it. Throws `CircuitBreaker.Trip`, writing nothing, when the new feed would
    /// move too much traffic, leave out too many agents, or empty or starve a dispatcher set
    /// compared with the current one at `path`, and `RoutingError.emptyFeed` when it would list
    /// nobody, unless `force`. A forced publish is recorded as such (`forced`, by whom, when) and
    /// returns the trip it overrode.
    @discardableResult
    public func publish(asOf: CalendarDate?, format: FeedFormat, path: String, force: Bool) throws -> PublishResult {
        let path = Self.canonical(path)
        let snapshot = try snapshot(asOf: asOf)
        let (run, _) = try weightRun(for: snapshot, dryRun: false)
        guard let runID = run.id else { throw RoutingError.noScoringRun(asOf: asOf?.description) }
        let directory = try database.directory()
        let today = today
        let pins = try database.openPins().filter { $0.value.applies(on: today) }

        var entries: [FeedEntry] = []
        var inactive: [String] = []
        for agent in run.agents {
            guard directory[agent.agentID]?.active == true else {
                inactive.append(agent.agentID)
                continue
            }
            let pin = pins[agent.agentID]
            entries.append(FeedEntry(
                agentID: agent.agentID, weight: pin?.weight ?? agent.weight, scoreTenths: agent.scoreTenths,
                band: agent.band, pinned: pin != nil))
        }
        var leftOut: [KamailioFeed.LeftOut] = []
        var queues: [AsteriskQueue] = []
        if format == .kamailio {
            (entries, leftOut) = try KamailioFeed.assign(entries, directory: directory)
        } else if format.isAsterisk {
            (entries, queues, leftOut) = AsteriskQueueFeed.assign(entries, directory: directory, rules: rules.asterisk)
        }
        guard !entries.isEmpty || force else { throw RoutingError.emptyFeed(format: format) }

        let breaker = CircuitBreaker(rules: rules)
        var overridden: CircuitBreaker.Trip?
        let record = try store.connection.transaction {
            if let current = try database.currentFeed(path: path) {
                let before = try database.entries(ofFeed: current.version).map(CircuitBreaker.Agent.init)
                let after = entries.map(CircuitBreaker.Agent.init)
                if let trip = breaker.check(current: before, new: after, currentVersion: current.version, path: path) {
                    guard force else { throw trip }
                    overridden = trip
                }
            }
            return try write(entries: entries, queues: queues, format: format, path: path, weightRunID: runID, asOf: run.asOf,
                             forced: overridden != nil, rollbackOf: nil, directory: directory)
        }
        let kept = try FeedArchive.prune(path: path, keep: rules.keep)
        return PublishResult(
            feed: record, entries: entries, queues: queues, inactive: inactive, leftOut: leftOut.map { ($0.agentID, $0.reason) },
            sidecarPath: format.hasSidecar ? Self.sidecarPath(path) : nil, keptVersions: kept, overriddenTrip: overridden,
            asOf: run.asOf)
    }

    /// Republishes, as a new version, the agents of the feed published to `path` before the
    /// current one (before the one the current one rolled back to, when it is a rollback itself).
    /// Not guarded by the circuit breaker: the feed rolled back to was published before.
    @discardableResult
    package func rollback(path: String) throws -> PublishResult {
        let path = Self.canonical(path)
        let directory = try database.directory()
        let (record, entries, queues, asOf) = try store.connection.transaction {
            guard let current = try database.currentFeed(path: path) else { throw RoutingError.nothingPublished(path: path) }
            let position = current.rollbackOf ?? current.version
            guard let target = try database.feed(path: path, before: position) else {
                throw RoutingError.nothingToRollBack(path: path, current: position)
            }
            let entries = try database.entries(ofFeed: target.version)
            // An Asterisk feed: the same members with the same penalties, the shares computed again.
            let queues = target.format.isAsterisk
                ? AsteriskQueueFeed.rebuild(try database.queueMembers(ofFeed: target.version), entries: entries) : []
            let asOf = try database.weightRun(id: target.weightRunID)?.asOf ?? ""
            let record = try write(entries: entries, queues: queues, format: target.format, path: path, weightRunID: target.weightRunID,
                                   asOf: asOf, forced: false, rollbackOf: target.version, directory: directory)
            return (record, entries, queues, asOf)
        }
        let kept = try FeedArchive.prune(path: path, keep: rules.keep)
        return PublishResult(
            feed: record, entries: entries, queues: queues, inactive: [], leftOut: [],
            sidecarPath: record.format.hasSidecar ? Self.sidecarPath(path) : nil, keptVersions: kept, overriddenTrip: nil,
            asOf: asOf)
    }

    /// The feed last published to `path`.
    package func currentFeed(path: String) throws -> PublishedFeed? {
        try database.currentFeed(path: Self.canonical(path))
    }

    /// Records the feed and writes it with its kept copy (for csv and Asterisk feeds, the feed, then its sidecar).
    /// Runs inside the publishing transaction, so a failed write stores nothing.
    private func write(
        entries: [FeedEntry], queues: [AsteriskQueue], format: FeedFormat, path: String, weightRunID: Int64, asOf: String,
        forced: Bool, rollbackOf: Int64?, directory: [String: DirectoryAgent]
    ) throws -> PublishedFeed {
        let version = try database.nextVersion()
        let generatedAt = now()
        let feed = Feed(
            version: version, format: format, asOf: asOf, generatedAt: generatedAt,
            validUntil: generatedAt + Int64(rules.validHours) * 3600, entries: entries, queues: queues)
        let files = Self.render(feed, path: path)
        let record = PublishedFeed(
            version: version, weightRunID: weightRunID, format: format, path: path, generatedAt: feed.generatedAt,
            validUntil: feed.validUntil, publishedBy: user, forced: forced, rollbackOf: rollbackOf,
            sha256: Crypto.hex(Crypto.sha256(files[0].bytes)))
        try database.insert(record, entries: entries, directory: directory)
        try database.insert(queues: queues, feed: version, directory: directory)
        try FeedFiles.replace(files.map { file in
            FeedFiles.Replacement(
                path: path + file.suffix, bytes: file.bytes,
                copyPath: FeedArchive.copyPath(of: path, version: version) + file.suffix)
        })
        return record
    }

    /// The bytes of a feed: the feed itself (suffix "") and, for csv and Asterisk feeds, its sidecar.
    static func render(_ feed: Feed, path: String) -> [(suffix: String, bytes: [UInt8])] {
        switch feed.format {
        case .csv:
            let csv = CSVFeed.render(feed)
            return [("", csv), (sidecarSuffix, CSVFeed.sidecar(feed, csv: csv))]
        case .json:
            return [("", JSONFeed.render(feed))]
        case .kamailio:
            return [("", KamailioFeed.render(feed))]
        case .asteriskQueues:
            let conf = AsteriskQueueFeed.renderConf(feed)
            return [("", conf), (sidecarSuffix, AsteriskQueueFeed.sidecar(feed, bytes: conf))]
        case .asteriskRealtime:
            let csv = AsteriskQueueFeed.renderRealtime(feed)
            return [("", csv), (sidecarSuffix, AsteriskQueueFeed.sidecar(feed, bytes: csv))]
        }
    }

    static let sidecarSuffix = ".meta.json"

    static func sidecarPath(_ path: String) -> String { path + sidecarSuffix }

    /// Absolute and without `.` or `..`, so that one feed has one path in the store.
    static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
