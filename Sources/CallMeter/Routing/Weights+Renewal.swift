/// What `renew` did at one path.
package enum RenewalOutcome: Sendable {
    /// A new version with the agents of the last good feed and a new `valid_until`, and the
    /// `after_publish` command's run after it (nil when the rules set none; the text: why the
    /// run could not be recorded).
    case renewed(PublishedFeed, afterPublish: (run: AfterPublishRun, notRecorded: String?)?)
    /// The feed there was generated since `freshSince` (published or renewed this night).
    case alreadyFresh(PublishedFeed)
    /// `max_extensions` renewals in a row: the feed is left to expire.
    case limitReached(PublishedFeed, limit: Int)
    case nothingPublished(path: String)
}

/// Business continuity by itself: when the nightly job cannot make new weights, the last good
/// feed is published again with a new `valid_until`, so the ACD never falls onto an expired feed
/// because of CallMeter; at most `max_extensions` nights in a row, except the fallback feed, which
/// is renewed as long as routing is in fallback.
extension Weights {
    /// Where the nightly job renews: the fallback's feeds while routing is in fallback, else the
    /// nightly feed at `nightlyPath`.
    package func renewalPaths(nightlyPath: String, databasePath: String) throws -> [String] {
        try isInFallback() ? configuredFeeds(databasePath: databasePath).map(\.path) : [Self.canonical(nightlyPath)]
    }

    package func isInFallback() throws -> Bool {
        try database.lastModeEvent()?.kind == .fallback
    }

    /// Renews the feed at `path` unless it was generated at or after `freshSince` (Unix seconds:
    /// the night's scheduled instant, so a retry the same night does not renew again). The new
    /// version copies the agents of the last good feed (`rollback_of` names it) and records the
    /// renewal's number in a row, `max_extensions` and `reason`.
    package func renew(path: String, reason: String, freshSince: Int64) throws -> RenewalOutcome {
        let path = Self.canonical(path)
        let directory = try database.directory()
        let outcome = try store.connection.transaction { () throws -> RenewalOutcome in
            guard let current = try database.currentFeed(path: path) else { return .nothingPublished(path: path) }
            if current.generatedAt >= freshSince { return .alreadyFresh(current) }
            let isRenewal = current.origin == .renewal
            let goodVersion = isRenewal ? current.rollbackOf ?? current.version : current.version
            guard let good = try database.feed(path: path, before: goodVersion + 1) else { return .nothingPublished(path: path) }
            let inRow = isRenewal ? current.renewal ?? 1 : 0
            // The fallback is the operator's choice: kept valid for as long as it lasts.
            let limit = good.origin == .fallback ? nil : rules.maxExtensions
            if let limit, inRow >= limit { return .limitReached(current, limit: limit) }
            let entries = try database.entries(ofFeed: good.version)
            let record = try write(
                entries: entries, queues: try storedQueues(of: good, entries: entries), format: good.format, path: path, weightRunID: good.weightRunID,
                asOf: try database.weightRun(id: good.weightRunID)?.asOf ?? "", forced: false, rollbackOf: good.version,
                directory: directory, origin: .renewal, reason: reason, renewal: (inRow + 1, limit))
            return .renewed(record, afterPublish: nil)
        }
        guard case .renewed(let record, _) = outcome else { return outcome }
        _ = try FeedArchive.prune(path: path, keep: rules.keep)
        // A renewal is a publish like any other: the ACD reloads the new valid_until.
        return .renewed(record, afterPublish: runAfterPublish(record))
    }
}
