/// The `kamailio` feed: a dispatcher list for weight-based dispatching (algorithm 9), one line per
/// agent: `SETID URI FLAGS PRIORITY ATTRS` as `1 sip:a100@host 0 0 duid=a100;weight=40`.
///
/// Kamailio spreads calls over a 100-slot table per set (measured here, see the README), so each
/// set holds at most 100 agents, its weights are whole percents summing to exactly 100, and every
/// listed agent has at least 1 (a 0 on the first line would turn weighting off).
enum KamailioFeed {
    /// The most destinations a set can hold.
    static let maxAgentsPerSet = 100

    /// An agent the list cannot carry, and why.
    struct LeftOut: Equatable {
        let agentID: String
        let reason: String
    }

    /// The entries with their SIP URI, set and percent, ordered by set then agent ID, and the
    /// agents left out (no SIP URI, or one the list format cannot hold).
    static func assign(
        _ entries: [FeedEntry], directory: [String: DirectoryAgent]
    ) throws(RoutingError) -> (entries: [FeedEntry], leftOut: [LeftOut]) {
        var leftOut: [LeftOut] = []
        var bySet: [Int: [(entry: FeedEntry, uri: String)]] = [:]
        for entry in entries {
            guard let agent = directory[entry.agentID], let uri = agent.sipURI, !uri.isEmpty else {
                leftOut.append(LeftOut(agentID: entry.agentID, reason: "no sip_uri"))
                continue
            }
            guard isListableURI(uri) else {
                leftOut.append(LeftOut(agentID: entry.agentID, reason: "its sip_uri has spaces or characters outside printable ASCII"))
                continue
            }
            guard isListableAgentID(entry.agentID) else {
                leftOut.append(LeftOut(agentID: entry.agentID, reason: "its agent_id has characters a dispatcher attribute cannot hold"))
                continue
            }
            bySet[agent.dispatchSet, default: []].append((entry, uri))
        }
        var result: [FeedEntry] = []
        for set in bySet.keys.sorted() {
            let members = (bySet[set] ?? []).sorted { $0.entry.agentID.utf8.lexicographicallyPrecedes($1.entry.agentID.utf8) }
            guard members.count <= maxAgentsPerSet else {
                throw .dispatcherSetTooLarge(set: set, agents: members.count)
            }
            let percents = LargestRemainder.percents(members.map { ($0.entry.agentID, $0.entry.weight) })
            for (member, percent) in zip(members, percents) {
                let e = member.entry
                result.append(FeedEntry(
                    agentID: e.agentID, weight: e.weight, scoreTenths: e.scoreTenths, band: e.band, pinned: e.pinned,
                    sipURI: member.uri, dispatchSet: set, percent: percent))
            }
        }
        return (result, leftOut)
    }

    /// The list file. Lines starting with `#` are comments to Kamailio.
    static func render(_ feed: Feed) -> [UInt8] {
        renderList(feed, title: "algorithm 9 (weight=percent of the set)", notes: [], attribute: "weight")
    }

    /// A dispatcher list: the comment lines (`title` after the list's name, the stamps, `notes`),
    /// then one line per entry with its value as `attribute` (`weight`, `rweight`).
    static func renderList(_ feed: Feed, title: String, notes: [String], attribute: String) -> [UInt8] {
        var text = """
            # callmeter routing weights: Kamailio dispatcher list, \(title)
            # version \(feed.version)
            # generated_at \(Timestamp.formatUTC(feed.generatedAt))
            # valid_until \(Timestamp.formatUTC(feed.validUntil))
            # as_of \(feed.asOf)

            """
        for note in notes { text += "# \(note)\n" }
        text += "# setid destination flags priority attrs\n"
        for entry in feed.entries {
            let set = entry.dispatchSet ?? 1
            let uri = entry.sipURI ?? ""
            text += "\(set) \(uri) 0 0 duid=\(entry.agentID);\(attribute)=\(entry.percent ?? 0)\n"
        }
        return Array(text.utf8)
    }

    /// Printable ASCII without spaces, starting `sip:` or `sips:`: one whitespace-separated field.
    static func isListableURI(_ uri: String) -> Bool {
        (uri.hasPrefix("sip:") || uri.hasPrefix("sips:")) && uri.utf8.allSatisfy { (0x21...0x7E).contains($0) && $0 != UInt8(ascii: "#") }
    }

    /// Letters, digits and `-._~@+:` only: the value of `duid=` ends at `;`, and spaces split the line.
    static func isListableAgentID(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || "-._~@+:".utf8.contains(byte)
        }
    }
}
