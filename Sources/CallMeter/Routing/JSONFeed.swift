/// The `json` feed: `{ "version", "generated_at", "valid_until", "as_of", "agents": [ { "agent_id",
/// "weight", "score", "band" } ] }`, one agent per line, `score` null without a score.
enum JSONFeed {
    static func render(_ feed: Feed) -> [UInt8] {
        var text = """
            {
              "version": \(feed.version),
              "generated_at": \(JSONText.string(Timestamp.formatUTC(feed.generatedAt))),
              "valid_until": \(JSONText.string(Timestamp.formatUTC(feed.validUntil))),
              "as_of": \(JSONText.string(feed.asOf)),
              "agents": [
            """
        let lines = feed.entries.map { entry in
            "    { \"agent_id\": \(JSONText.string(entry.agentID)), \"weight\": \(entry.weight), "
                + "\"score\": \(JSONText.optionalNumber(entry.scoreText)), \"band\": \(JSONText.string(entry.band)) }"
        }
        text += lines.isEmpty ? "]\n}\n" : "\n" + lines.joined(separator: ",\n") + "\n  ]\n}\n"
        return Array(text.utf8)
    }
}
