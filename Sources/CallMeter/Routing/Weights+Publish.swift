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
    /// Agents left out of a kamailio, freeswitch-tiers or Asterisk feed, with the reason (no SIP
    /// URI, a name fs_cli cannot carry, no interface, …).
    public let leftOut: [(agentID: String, reason: String)]
    /// The sidecar of a csv or Asterisk feed, the XML of a freeswitch-tiers feed.
    public let sidecarPath: String?
    /// The versions whose copies are kept beside the feed, newest first.
    public let keptVersions: [Int64]
    /// The breaker that `--force` overrode, if it would have tripped.
    package let overriddenTrip: CircuitBreaker.Trip?
    /// The as-of date of the scoring run whose weights were published.
    public let asOf: String
    /// The `after_publish` command's run after this publish (nil when the rules set none), and
    /// why it could not be recorded, if it could not.
    package let afterPublish: (run: AfterPublishRun, notRecorded: String?)?
    /// A freeswitch-tiers feed's tiers and the queues they are in (0 in other formats).
    package var tierCount = 0
    package var queueCount = 0
}

/// The agents of a feed before it takes a format's shape, and the weight run it belongs to.
struct FeedAgents {
    let entries: [FeedEntry]
    /// Agents of the run left out because the directory marks them inactive.
    let inactive: [String]
    let weightRunID: Int64
    /// The as-of date of that run.
    let asOf: String
}

/// A feed ready to be written at one path, in one format.
struct PreparedFeed {
    let agents: FeedAgents
    /// The agents as written (a kamailio feed: with destination, set and percent).
    let entries: [FeedEntry]
    /// An Asterisk feed's queues, members and penalties (empty for other formats).
    let queues: [AsteriskQueue]
    let leftOut: [KamailioFeed.LeftOut]
    let format: FeedFormat
    let path: String
}

extension Weights {
    /// Computes (or reuses) the weights of the scoring run of `asOf` (default: the latest), applies
    /// today's pins, leaves out inactive agents and writes the feed to `path` atomically, keeping
    /// a copy beside it. Throws `CircuitBreaker.Trip`, writing nothing, when the new feed would
    /// move too much traffic, leave out too many agents, or empty or starve a dispatcher set
    /// compared with the current one at `path`, and `RoutingError.emptyFeed` when it would list
    /// nobody, unless `force`. A forced publish is recorded as such (`forced`, by whom, when) and
    /// returns the trip it overrode. Once the feed is in place, runs the rules' `after_publish`
    /// command (`runAfterPublish`), whose failure does not undo the publish.
    @discardableResult
    public func publish(asOf: CalendarDate?, format: FeedFormat, path: String, force: Bool) throws -> PublishResult {
        let scored = try scoredEntries(asOf: asOf)
        let prepared = try prepare(scored, format: format, path: Self.canonical(path), force: force)
        return try commit(prepared, breaker: true, force: force)
    }

    /// The agents a publish of the scoring run of `asOf` (default: the latest) puts in a feed:
    /// the run's weights (computed now or stored), today's pins applied, inactive agents left out.
    func scoredEntries(asOf: CalendarDate?) throws -> FeedAgents {
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
        return FeedAgents(entries: entries, inactive: inactive, weightRunID: runID, asOf: run.asOf)
    }

    /// The agents in the shape of `format` (a kamailio feed's destinations and percents), refused
    /// when nobody is left and not `force`.
    func prepare(_ agents: FeedAgents, format: FeedFormat, path: String, force: Bool) throws -> PreparedFeed {
        var entries = agents.entries
        var leftOut: [KamailioFeed.LeftOut] = []
        var queues: [AsteriskQueue] = []
        if format.isDispatcherList {
            (entries, leftOut) = try KamailioFeed.assign(entries, directory: try database.directory())
        } else if format == .freeswitchTiers {
            (entries, _, leftOut) = FreeSWITCHTiers.assign(entries, directory: try database.directory(), rules: rules.freeswitch)
        } else if format.isAsterisk {
            (entries, queues, leftOut) = AsteriskQueueFeed.assign(entries, directory: try database.directory(), rules: rules.asterisk)
        }
        guard !entries.isEmpty || force else { throw RoutingError.emptyFeed(format: format) }
        return PreparedFeed(agents: agents, entries: entries, queues: queues, leftOut: leftOut, format: format, path: path)
    }

    /// What the circuit breaker says of `prepared` against the current feed at its path; nil when
    /// it lets it through (or nothing is published there yet).
    func trip(_ prepared: PreparedFeed) throws -> CircuitBreaker.Trip? {
        guard let current = try database.currentFeed(path: prepared.path) else { return nil }
        let before = try database.entries(ofFeed: current.version).map(CircuitBreaker.Agent.init)
        return CircuitBreaker(rules: rules).check(
            current: before, new: prepared.entries.map(CircuitBreaker.Agent.init), currentVersion: current.version, path: prepared.path)
    }

    /// Writes a prepared feed, checked by the circuit breaker first when `breaker` (a trip throws
    /// unless `force`, then it is recorded as forced), and prunes the kept copies.
    func commit(_ prepared: PreparedFeed, breaker: Bool, force: Bool, origin: FeedOrigin? = nil, reason: String? = nil) throws -> PublishResult {
        let directory = try database.directory()
        var overridden: CircuitBreaker.Trip?
        let record = try store.connection.transaction {
            if breaker, let trip = try trip(prepared) {
                guard force else { throw trip }
                overridden = trip
            }
            return try write(
                entries: prepared.entries, queues: prepared.queues, format: prepared.format, path: prepared.path,
                weightRunID: prepared.agents.weightRunID,
                asOf: prepared.agents.asOf, forced: overridden != nil, rollbackOf: nil, directory: directory,
                origin: origin, reason: reason)
        }
        let kept = try FeedArchive.prune(path: prepared.path, keep: rules.keep)
        let tiers = tiers(of: prepared.entries, format: prepared.format, directory: directory)
        return PublishResult(
            feed: record, entries: prepared.entries, queues: prepared.queues, inactive: prepared.agents.inactive,
            leftOut: prepared.leftOut.map { ($0.agentID, $0.reason) },
            sidecarPath: Self.companionPath(prepared.path, format: prepared.format), keptVersions: kept, overriddenTrip: overridden,
            asOf: prepared.agents.asOf, afterPublish: runAfterPublish(record),
            tierCount: tiers.count, queueCount: Set(tiers.map(\.queue)).count)
    }

    /// Republishes, as a new version, the agents of the feed published to `path` before the
    /// current one (before the one the current one rolled back to, when it is a rollback itself).
    /// Not guarded by the circuit breaker: the feed rolled back to was published before. Runs the
    /// `after_publish` command afterwards, like `publish`. A freeswitch-tiers feed takes its
    /// agents, weights and bands from that feed and the names, queues and levels from today's
    /// directory and rules (the tiers are not stored).
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
            let queues = try storedQueues(of: target, entries: entries)
            let asOf = try database.weightRun(id: target.weightRunID)?.asOf ?? ""
            let record = try write(entries: entries, queues: queues, format: target.format, path: path, weightRunID: target.weightRunID,
                                   asOf: asOf, forced: false, rollbackOf: target.version, directory: directory)
            return (record, entries, queues, asOf)
        }
        let kept = try FeedArchive.prune(path: path, keep: rules.keep)
        let tiers = tiers(of: entries, format: record.format, directory: directory)
        return PublishResult(
            feed: record, entries: entries, queues: queues, inactive: [], leftOut: [],
            sidecarPath: Self.companionPath(path, format: record.format), keptVersions: kept, overriddenTrip: nil,
            asOf: asOf, afterPublish: runAfterPublish(record),
            tierCount: tiers.count, queueCount: Set(tiers.map(\.queue)).count)
    }

    /// The feed last published to `path`.
    package func currentFeed(path: String) throws -> PublishedFeed? {
        try database.currentFeed(path: Self.canonical(path))
    }

    /// The queues of an Asterisk feed published before, to write again (a rollback, a renewal):
    /// the same members with the same penalties, the shares computed again; empty for other formats.
    func storedQueues(of feed: PublishedFeed, entries: [FeedEntry]) throws -> [AsteriskQueue] {
        guard feed.format.isAsterisk else { return [] }
        return AsteriskQueueFeed.rebuild(try database.queueMembers(ofFeed: feed.version), entries: entries)
    }

    /// The tiers of a freeswitch-tiers feed listing `entries` (none in other formats): derived
    /// from the agents, the directory and the rules, never stored, so that a rollback and a
    /// renewal derive them again.
    func tiers(of entries: [FeedEntry], format: FeedFormat, directory: [String: DirectoryAgent]) -> [FreeSWITCHTiers.Tier] {
        guard format == .freeswitchTiers else { return [] }
        return FreeSWITCHTiers.assign(entries, directory: directory, rules: rules.freeswitch).tiers
    }

    /// Records the feed and writes it with its kept copy (for csv and Asterisk feeds, the feed,
    /// then its sidecar; for freeswitch-tiers, the lines, then the XML). Runs inside the publishing transaction, so a
    /// failed write stores nothing.
    func write(
        entries: [FeedEntry], queues: [AsteriskQueue], format: FeedFormat, path: String, weightRunID: Int64, asOf: String, forced: Bool,
        rollbackOf: Int64?, directory: [String: DirectoryAgent], origin: FeedOrigin? = nil, reason: String? = nil,
        renewal: (number: Int, limit: Int?)? = nil
    ) throws -> PublishedFeed {
        let version = try database.nextVersion()
        let generatedAt = now()
        let feed = Feed(
            version: version, format: format, asOf: asOf, generatedAt: generatedAt,
            validUntil: generatedAt + Int64(rules.validHours) * 3600, entries: entries,
            tiers: tiers(of: entries, format: format, directory: directory), queues: queues)
        let files = Self.render(feed, path: path)
        let record = PublishedFeed(
            version: version, weightRunID: weightRunID, format: format, path: path, generatedAt: feed.generatedAt,
            validUntil: feed.validUntil, publishedBy: user, forced: forced, rollbackOf: rollbackOf,
            sha256: Crypto.hex(Crypto.sha256(files[0].bytes)), origin: origin, reason: reason, renewal: renewal?.number,
            renewalLimit: renewal?.limit)
        try database.insert(record, entries: entries, directory: directory)
        try database.insert(queues: queues, feed: version, directory: directory)
        try FeedFiles.replace(files.map { file in
            FeedFiles.Replacement(
                path: path + file.suffix, bytes: file.bytes,
                copyPath: FeedArchive.copyPath(of: path, version: version) + file.suffix)
        })
        return record
    }

    /// The bytes of a feed: the feed itself (suffix "") and, for csv and Asterisk feeds, its
    /// sidecar, for freeswitch-tiers, its XML.
    static func render(_ feed: Feed, path: String) -> [(suffix: String, bytes: [UInt8])] {
        switch feed.format {
        case .csv:
            let csv = CSVFeed.render(feed)
            return [("", csv), (sidecarSuffix, CSVFeed.sidecar(feed, csv: csv))]
        case .json:
            return [("", JSONFeed.render(feed))]
        case .kamailio:
            return [("", KamailioFeed.render(feed))]
        case .kamailioRelative:
            return [("", KamailioRelativeFeed.render(feed))]
        case .freeswitchTiers:
            return [("", FreeSWITCHTiers.render(feed)), (xmlSuffix, FreeSWITCHTiers.xml(feed))]
        case .asteriskQueues:
            let conf = AsteriskQueueFeed.renderConf(feed)
            return [("", conf), (sidecarSuffix, AsteriskQueueFeed.sidecar(feed, bytes: conf))]
        case .asteriskRealtime:
            let csv = AsteriskQueueFeed.renderRealtime(feed)
            return [("", csv), (sidecarSuffix, AsteriskQueueFeed.sidecar(feed, bytes: csv))]
        }
    }

    static let sidecarSuffix = ".meta.json"
    static let xmlSuffix = ".xml"

    static func sidecarPath(_ path: String) -> String { path + sidecarSuffix }

    /// The second file a format writes beside the feed, if any.
    static func companionPath(_ path: String, format: FeedFormat) -> String? {
        switch format {
        case .csv, .asteriskQueues, .asteriskRealtime: sidecarPath(path)
        case .freeswitchTiers: path + xmlSuffix
        case .json, .kamailio, .kamailioRelative: nil
        }
    }

    /// Absolute and without `.` or `..`, so that one feed has one path in the store.
    static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
