import CallMeter
import Foundation

/// When a night cannot make new weights (the job failed, found no calls, or routing is in
/// fallback), the last good feed is published again with a new `valid_until`, once per night, at
/// most `max_extensions` nights in a row (the fallback feed: as long as routing is in fallback).
/// Each renewal is logged with its reason; a feed no longer renewed is logged as an error
/// (CRITICAL in `callmeter status`).
extension Daemon {
    /// Renews what needs it for `slot`; returns what to add to the night's detail ("" for nothing).
    func renewFeeds(slot: CalendarDate, reason: String, planner: NightlyPlanner) -> String {
        let routing = rules.routing
        let clock = now
        let weights = Weights(
            store: store, rules: routing, timeZone: rules.center.timeZone, user: OSUser.current(environment: ProcessInfo.processInfo.environment),
            now: { clock() / 1000 })
        let nightlyPath = FeedLocation.defaultPath(for: routing.format, rules: routing, databasePath: store.path)
        let reason = reason.split(separator: "\n").first.map(String.init) ?? reason
        var notes: [String] = []
        do {
            for path in try weights.renewalPaths(nightlyPath: nightlyPath, databasePath: store.path) {
                switch try weights.renew(path: path, reason: reason, freshSince: planner.schedule.instant(of: slot)) {
                case .renewed(let feed, let hook):
                    let count = "\(feed.renewal ?? 0)" + (feed.renewalLimit.map { " of \($0)" } ?? " (fallback)")
                    log.warning("feed-renewed", [
                        "slot": slot, "path": path, "version": feed.version, "renewal_of": feed.rollbackOf ?? 0, "renewal": count,
                        "valid_until": Timestamp.formatUTC(feed.validUntil), "reason": reason,
                    ])
                    notes.append("renewed v\(feed.rollbackOf ?? 0) as v\(feed.version) (renewal \(count)), valid until "
                                 + Timestamp.formatUTC(feed.validUntil)
                                 + (hook.map { "; " + ScoreAndPublishJob.describe($0.run, notRecorded: $0.notRecorded) } ?? ""))
                case .limitReached(let feed, let limit):
                    log.error("feed-not-renewed", [
                        "slot": slot, "path": path, "version": feed.version, "renewals": limit,
                        "expires": Timestamp.formatUTC(feed.validUntil), "reason": reason,
                        "action": "CRITICAL: fix the cause, then 'callmeter weights publish --force' or 'callmeter weights fallback'",
                    ])
                    notes.append("CRITICAL: v\(feed.version) not renewed (\(limit) renewals in a row, max_extensions); it expires at "
                                 + Timestamp.formatUTC(feed.validUntil))
                case .alreadyFresh, .nothingPublished:
                    break
                }
            }
        } catch {
            hadTemporaryFailure = true
            log.error("feed-renewal-failed", ["slot": slot, "error": "\(error)", "reason": reason])
            notes.append("the feed could not be renewed: \(error)")
        }
        return notes.isEmpty ? "" : "; " + notes.joined(separator: "; ")
    }
}
