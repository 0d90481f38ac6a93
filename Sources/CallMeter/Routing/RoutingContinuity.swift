/// Whether routing runs on the scores, on renewed feeds or on the fallback, as `callmeter status`,
/// the QA report and the morning page show it (loudly: these are the states an operator must
/// act on). Read through `PublishedWeightsSource.continuity()`.
package struct RoutingContinuity: Sendable, Equatable {
    /// The `weights fallback` in force; nil when routing follows the scores.
    package let fallback: RoutingModeEvent?
    /// The latest feed at each path that is a renewal or the fallback, newest first.
    package let feeds: [PublishedFeed]

    package static let none = RoutingContinuity(fallback: nil, feeds: [])

    /// Renewed feeds that reached `max_extensions`: no longer renewed, they expire.
    package var exhausted: [PublishedFeed] {
        guard fallback == nil else { return [] }
        return feeds.filter { feed in
            feed.origin == .renewal && feed.renewalLimit.map { (feed.renewal ?? 0) >= $0 } == true
        }
    }

    /// The renewal limit is reached: the feed expires (or has) unless someone acts.
    package var isCritical: Bool { !exhausted.isEmpty }

    /// What to say, one line each, the most urgent first; empty when routing follows fresh scores.
    /// `now` is Unix seconds.
    package func lines(now: Int64) -> [String] {
        var lines: [String] = []
        for feed in exhausted {
            let expiry = feed.validUntil > now ? "expires at \(Timestamp.formatUTC(feed.validUntil))"
                : "EXPIRED at \(Timestamp.formatUTC(feed.validUntil))"
            lines.append("CRITICAL: the nightly job could not make new weights \(feed.renewal ?? 0) nights in a row; feed v\(feed.version) "
                         + "(\(feed.format.rawValue)) at \(feed.path) is not renewed again and \(expiry). Last reason: \(feed.reason ?? "?"). "
                         + "Fix the cause (callmeterd's log: event=feed-renewed, event=feed-not-renewed), then publish the scores "
                         + "('callmeter weights publish', with --force if the circuit breaker refuses), or fall back "
                         + "('callmeter weights fallback --reason TEXT').")
        }
        if let fallback {
            lines.append("FALLBACK: routing is on the backup routing since \(Timestamp.formatUTC(fallback.recordedAt)), by "
                         + "\(fallback.recordedBy): \(fallback.reason). The nightly job renews it and publishes no scores until "
                         + "'callmeter weights resume'.")
        }
        for feed in feeds where !exhausted.contains(feed) {
            var line = "feed v\(feed.version) (\(feed.format.rawValue)) at \(feed.path): "
            if feed.origin == .fallback {
                line += "the fallback"
            } else {
                line += "renewal \(feed.renewal ?? 0)" + (feed.renewalLimit.map { " of \($0)" } ?? "") + " of v\(feed.rollbackOf ?? 0)"
                    + " (\(feed.reason ?? "?"))"
            }
            lines.append(line + ", valid until \(Timestamp.formatUTC(feed.validUntil))")
        }
        return lines
    }
}

extension RoutingDatabase {
    func continuity() throws -> RoutingContinuity {
        let event = try lastModeEvent()
        return RoutingContinuity(
            fallback: event?.kind == .fallback ? event : nil, feeds: try currentFeeds().filter { $0.origin != nil })
    }
}
