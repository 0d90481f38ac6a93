import Foundation

/// The `csv` feed: `agent_id,weight,score,band` per RFC 4180 (CRLF line ends, fields quoted when
/// they hold a comma, a quote or a line break), and its sidecar `PATH.meta.json` with the version
/// and validity, which a CSV file has no place for.
enum CSVFeed {
    static func render(_ feed: Feed) -> [UInt8] {
        var text = "agent_id,weight,score,band\r\n"
        for entry in feed.entries {
            text += field(entry.agentID) + "," + String(entry.weight) + "," + (entry.scoreText ?? "") + "," + field(entry.band) + "\r\n"
        }
        return Array(text.utf8)
    }

    /// The sidecar: version, stamps, the number of agents and the SHA-256 of the CSV bytes, so a
    /// reader can tell that the two files belong together (they are renamed one after the other).
    static func sidecar(_ feed: Feed, csv: [UInt8]) -> [UInt8] {
        Array((sidecarHead(feed, bytes: csv) + "\n}\n").utf8)
    }

    /// The sidecar's opening brace and common members, without a line end after the last: the
    /// Asterisk feeds' sidecars go on with their queues.
    static func sidecarHead(_ feed: Feed, bytes: [UInt8]) -> String {
        """
        {
          "version": \(feed.version),
          "generated_at": \(JSONText.string(Timestamp.formatUTC(feed.generatedAt))),
          "valid_until": \(JSONText.string(Timestamp.formatUTC(feed.validUntil))),
          "as_of": \(JSONText.string(feed.asOf)),
          "format": \(JSONText.string(feed.format.rawValue)),
          "agents": \(feed.entries.count),
          "sha256": \(JSONText.string(Crypto.hex(Crypto.sha256(bytes))))
        """
    }

    private static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
