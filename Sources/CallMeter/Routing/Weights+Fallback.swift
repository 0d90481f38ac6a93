import Foundation

/// What `weights fallback` or `weights resume` did: the feeds written and the mode change recorded.
package struct ModeChangeResult {
    package let event: RoutingModeEvent
    package let published: [PublishResult]
}

/// Business continuity by hand: `weights fallback` publishes the backup routing of `routing.json`
/// at once, past the circuit breaker; `weights resume` goes back to the scores, through it.
extension Weights {
    /// Where the fallback and the resume publish: every format that has a feed at its path of
    /// `routing.json` (what the ACDs pull), in `FeedFormat` order; when none has, the rules'
    /// `format`. `databasePath` locates relative paths, as for `weights publish`.
    package func configuredFeeds(databasePath: String) throws -> [(format: FeedFormat, path: String)] {
        let all = FeedFormat.allCases.map { format in
            (format: format, path: Self.canonical(FeedLocation.defaultPath(for: format, rules: rules, databasePath: databasePath)))
        }
        let published = try all.filter { try database.currentFeed(path: $0.path) != nil }
        return published.isEmpty ? all.filter { $0.format == rules.format } : published
    }

    /// Publishes the backup routing in every configured format (`configuredFeeds`): every active
    /// agent of the directory at the `fallback` weight of `routing.json` (default: the ceiling),
    /// or its set's or its own pin there. Not checked by the circuit breaker; recorded with who,
    /// when and why. Until `resume`, the nightly job renews these feeds instead of publishing
    /// scores. Throws the pin's `routing.json` error when a pin names no agent or set of the
    /// directory, before anything is written.
    package func fallback(reason: String, databasePath: String) throws -> ModeChangeResult {
        let reason = try Self.checkedReason(reason, missing: "must say why routing falls back")
        let agents = try fallbackAgents()
        let prepared = try configuredFeeds(databasePath: databasePath).map { target in
            try prepare(agents, format: target.format, path: target.path, force: false)
        }
        let published = try prepared.map { try commit($0, breaker: false, force: false, origin: .fallback, reason: reason) }
        let event = try record(.fallback, reason: reason, forced: false, published: published)
        return ModeChangeResult(event: event, published: published)
    }

    /// Publishes the latest scoring run's weights again in every configured format, each checked
    /// by the circuit breaker against the fallback feed there: when any would trip, nothing is
    /// written and the first trip is thrown, unless `force` (then recorded as forced).
    package func resume(reason: String?, force: Bool, databasePath: String) throws -> ModeChangeResult {
        let reason = try reason.map { try Self.checkedReason($0, missing: "must say why, or be left out") } ?? "no reason given"
        guard try database.lastModeEvent()?.kind == .fallback else { throw RoutingError.notInFallback }
        let scored = try scoredEntries(asOf: nil)
        let prepared = try configuredFeeds(databasePath: databasePath).map { target in
            try prepare(scored, format: target.format, path: target.path, force: force)
        }
        if !force {
            for feed in prepared {
                if let trip = try trip(feed) { throw trip }
            }
        }
        let published = try prepared.map { try commit($0, breaker: true, force: force) }
        let event = try record(.resume, reason: reason, forced: published.contains { $0.overriddenTrip != nil }, published: published)
        return ModeChangeResult(event: event, published: published)
    }

    /// Every mode change, oldest first (`weights history`).
    package func modeHistory() throws -> [RoutingModeEvent] {
        try database.modeEvents()
    }

    /// Every feed renewed or published as the fallback, oldest first (`weights history`).
    package func continuityFeeds() throws -> [PublishedFeed] {
        try database.continuityFeeds()
    }

    private func record(_ kind: RoutingModeEvent.Kind, reason: String, forced: Bool, published: [PublishResult]) throws -> RoutingModeEvent {
        let time = now()
        let feeds = published.map { "v\($0.feed.version) \($0.feed.path)" }.joined(separator: "; ")
        return try store.connection.transaction {
            try database.insertModeEvent(kind: kind, reason: reason, by: user, at: time, forced: forced, feeds: feeds)
            guard let event = try database.lastModeEvent() else { throw RoutingError.notInFallback }
            return event
        }
    }

    /// The directory's active agents at their fallback weights, in the weight run of the latest
    /// feed (a feed names one; the fallback carries no computed weight).
    private func fallbackAgents() throws -> FeedAgents {
        let directory = try database.directory()
        let plan = rules.fallback
        let active = directory.values.filter { $0.active && $0.inDirectory }
        for pin in plan.agents where directory[pin.key]?.inDirectory != true { throw pin.unknown }
        let agentPins = Dictionary(plan.agents.map { ($0.key, $0.weight) }, uniquingKeysWith: { _, last in last })
        let setPins = Dictionary(plan.sets.map { ($0.key, $0.weight) }, uniquingKeysWith: { _, last in last })
        let activeSets = Set(active.map { String($0.dispatchSet) })
        for pin in plan.sets where !activeSets.contains(pin.key) { throw pin.unknown }
        let entries = active.sorted { $0.agentID < $1.agentID }.map { agent in
            FeedEntry(
                agentID: agent.agentID,
                weight: agentPins[agent.agentID] ?? setPins[String(agent.dispatchSet)] ?? plan.weight ?? rules.ceiling,
                scoreTenths: nil, band: Self.fallbackBand, pinned: false)
        }
        let runID = try database.currentFeeds().first?.weightRunID ?? database.latestWeightRunID()
        guard let runID else { throw RoutingError.noWeightsYet }
        return FeedAgents(entries: entries, inactive: [], weightRunID: runID, asOf: try database.weightRun(id: runID)?.asOf ?? "")
    }

    /// The band a fallback feed gives every agent: the weights say nothing of a score.
    static let fallbackBand = "fallback"
}
