import CallMeter

/// What `weights fallback`, `weights resume` and `weights history` without an agent print.
extension WeightsCommand {
    static func print(_ result: ModeChangeResult, console: Console) {
        let event = result.event
        let what = event.kind == .fallback ? "Routing is in FALLBACK" : "Routing follows the scores again"
        console.print("\(what): recorded \(Timestamp.formatUTC(event.recordedAt)) by \(safe(event.recordedBy)), reason: \(safe(event.reason)).")
        for published in result.published {
            print(published, rollback: false, console: console)
        }
        if event.kind == .fallback {
            console.print("The nightly job keeps these feeds valid and publishes no scores until 'callmeter weights resume'.")
        }
    }

    /// Every fallback and resume, then the feeds renewed or published as the fallback.
    static func printModes(_ events: [RoutingModeEvent], feeds: [PublishedFeed], console: Console) {
        printSection(
            "Fallback and resume:", header: ["recorded_at", "kind", "by", "reason", "feeds"],
            rows: events.map { event in
                [Timestamp.formatUTC(event.recordedAt), event.kind.rawValue + (event.forced ? " (forced)" : ""), safe(event.recordedBy),
                 safe(event.reason), safe(event.feeds)]
            },
            rightAligned: [], console: console)
        console.print("")
        printSection(
            "Feeds renewed or published as the fallback:", header: ["version", "generated_at", "format", "valid_until", "note", "path"],
            rows: feeds.map { feed in
                ["v\(feed.version)", Timestamp.formatUTC(feed.generatedAt), feed.format.rawValue, Timestamp.formatUTC(feed.validUntil),
                 note(feed), safe(feed.path)]
            },
            rightAligned: [], console: console)
    }

    /// `fallback: REASON`, `renewal 2 of 3 of v7: REASON`: why a feed was not from the scores.
    static func note(_ feed: PublishedFeed) -> String {
        switch feed.origin {
        case .fallback?:
            return "fallback: " + safe(feed.reason ?? "")
        case .renewal?:
            let count = "\(feed.renewal ?? 0)" + (feed.renewalLimit.map { " of \($0)" } ?? "")
            return "renewal \(count) of v\(feed.rollbackOf ?? 0): " + safe(feed.reason ?? "")
        case nil:
            return ""
        }
    }
}
