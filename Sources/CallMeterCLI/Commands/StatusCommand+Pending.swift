import CallMeter

extension StatusCommand {
    /// `status --pending`: the ratings that wait for their call, oldest first, with how long each
    /// has waited by the command's clock.
    static func printPending(_ pending: [PendingRating], now: Int64, csv: String?, console: Console) throws {
        if let csv {
            let out = ListingCSV(
                header: ["call_id", "question", "rating", "rated_at", "received_at", "waited_seconds", "file", "line"],
                rows: pending.map { rating in
                    [
                        .text(rating.callID), .text(rating.question), .number(rating.rating),
                        .text(rating.ratedAt.map { Timestamp.formatUTC($0) } ?? ""),
                        .text(Timestamp.formatUTC(milliseconds: rating.receivedAtMilliseconds)),
                        .number(rating.waitedSeconds(now: now)), .text(rating.file), .number(rating.line),
                    ]
                })
            try out.write(to: csv)
            console.print("Wrote \(csv) (\(Plural.count(out.rows, "pending rating")))")
            return
        }
        let columns: [(String, TextTable.Alignment)] = [
            ("CALL ID", .left), ("QUESTION", .left), ("RATING", .right), ("RATED AT (UTC)", .left), ("RECEIVED (UTC)", .left),
            ("WAITING", .right), ("FROM", .left),
        ]
        let listed = console.printListing(pending, empty: "No ratings are pending: every rating's call is ingested.", columns: columns) { rating in
            [
                rating.callID, rating.question, String(rating.rating), rating.ratedAt.map { Timestamp.formatUTC($0) } ?? "-",
                Timestamp.formatUTC(milliseconds: rating.receivedAtMilliseconds), waitingText(rating.waitedSeconds(now: now)),
                "\(rating.file):\(rating.line)",
            ]
        }
        guard listed else { return }
        let one = pending.count == 1
        console.print("\(Plural.count(pending.count, "rating")) \(one ? "waits" : "wait") for \(one ? "its" : "their") call: "
                      + "\(one ? "it is" : "they are") attached when a file with \(one ? "that call" : "those calls") is ingested.")
    }

    /// `45 s`, `12 min`, `5 h 12 min`, `3 d 4 h`: precise enough to see what waits too long.
    static func waitingText(_ seconds: Int64) -> String {
        let minutes = seconds / 60, hours = seconds / 3600, days = seconds / 86_400
        if days > 0 { return "\(days) d \(hours % 24) h" }
        if hours > 0 { return "\(hours) h \(minutes % 60) min" }
        if minutes > 0 { return "\(minutes) min" }
        return "\(seconds) s"
    }
}
