/// The `freeswitch-tiers` feed: FreeSWITCH `mod_callcenter` tiers. The feed itself is one
/// `callcenter_config tier set level QUEUE AGENT LEVEL` and one `… set position …` line per tier,
/// for `fs_cli -x` (lines starting with `#` are comments, to be skipped); `PATH.xml` holds the
/// same tiers as `<tier agent="…" queue="…" level="…" position="…"/>` for a static
/// `callcenter.conf.xml`.
///
/// Level comes from the band (`FreeSWITCHTierRules.levels`); position is the agent's rank in its
/// queue and level by published weight, highest first (ties by name), from 1.
enum FreeSWITCHTiers {
    typealias LeftOut = KamailioFeed.LeftOut

    /// One tier: an agent in a queue at a level and position.
    struct Tier: Equatable, Sendable {
        let queue: String
        /// The agent's `mod_callcenter` name.
        let agent: String
        let agentID: String
        let level: Int
        let position: Int
    }

    /// The symbols a name may hold besides letters and digits.
    static let nameSymbols = "-._@+:~"

    /// Printable ASCII letters, digits and `-._@+:~` only: `mod_callcenter` splits its API
    /// arguments on spaces and reads `'` and `\` as quoting, a shell loop reads `#` as a
    /// comment here, and XML would need `&<>"` escaped. Anything else is refused, not escaped.
    static func isCallcenterName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || nameSymbols.utf8.contains(byte)
        }
    }

    /// The tiers of the entries, ordered by queue, level and position, with the entries that
    /// have at least one tier and the agents left out (a name `fs_cli` cannot carry).
    /// An agent's queues are those of the directory's `queues` column through the rules'
    /// `queue` template (`default_queue` for an agent in none).
    static func assign(
        _ entries: [FeedEntry], directory: [String: DirectoryAgent], rules: FreeSWITCHTierRules
    ) -> (entries: [FeedEntry], tiers: [Tier], leftOut: [LeftOut]) {
        var kept: [FeedEntry] = []
        var leftOut: [LeftOut] = []
        // (queue, level) -> the agents with their weight, for ranking.
        var groups: [String: [Int: [(entry: FeedEntry, agent: String)]]] = [:]
        for entry in entries {
            let agent = rules.agentName(entry.agentID)
            guard isCallcenterName(agent) else {
                leftOut.append(LeftOut(agentID: entry.agentID, reason: "its mod_callcenter name \(agent.rulesQuoted()) has "
                                       + "characters other than letters, digits and \(nameSymbols)"))
                continue
            }
            let directoryAgent = directory[entry.agentID]
            let set = directoryAgent?.dispatchSet ?? 1
            let listed = directoryAgent?.queues ?? []
            let names = listed.isEmpty ? [rules.queueName(nil, dispatchSet: set)] : listed.map { rules.queueName($0, dispatchSet: set) }
            let bad = names.filter { !isCallcenterName($0) }
            guard bad.isEmpty else {
                leftOut.append(LeftOut(agentID: entry.agentID, reason: "its queue \(bad[0].rulesQuoted()) has characters "
                                       + "other than letters, digits and \(nameSymbols)"))
                continue
            }
            let level = rules.level(band: entry.band)
            for queue in Set(names) { groups[queue, default: [:]][level, default: []].append((entry, agent)) }
            kept.append(entry)
        }
        var tiers: [Tier] = []
        for queue in groups.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            let levels = groups[queue] ?? [:]
            for level in levels.keys.sorted() {
                let ranked = (levels[level] ?? []).sorted { a, b in
                    a.entry.weight != b.entry.weight ? a.entry.weight > b.entry.weight : a.agent.utf8.lexicographicallyPrecedes(b.agent.utf8)
                }
                for (offset, member) in ranked.enumerated() {
                    tiers.append(Tier(queue: queue, agent: member.agent, agentID: member.entry.agentID, level: level, position: offset + 1))
                }
            }
        }
        return (kept, tiers, leftOut)
    }

    /// The `fs_cli -x` lines, after a `#` header with the version and validity.
    static func render(_ feed: Feed) -> [UInt8] {
        var text = """
            # callmeter routing weights: FreeSWITCH mod_callcenter tiers (level from the band, position by weight)
            # version \(feed.version)
            # generated_at \(Timestamp.formatUTC(feed.generatedAt))
            # valid_until \(Timestamp.formatUTC(feed.validUntil))
            # as_of \(feed.asOf)
            # apply: grep -v '^#' FILE | while IFS= read -r line; do fs_cli -x "$line"; done

            """
        for tier in feed.tiers {
            text += "callcenter_config tier set level \(tier.queue) \(tier.agent) \(tier.level)\n"
            text += "callcenter_config tier set position \(tier.queue) \(tier.agent) \(tier.position)\n"
        }
        return Array(text.utf8)
    }

    /// The same tiers for the `<tiers>` section of `callcenter.conf.xml`, as a file for
    /// `<X-PRE-PROCESS cmd="include" data="PATH.xml"/>`.
    static func xml(_ feed: Feed) -> [UInt8] {
        var text = """
            <include>
              <!-- callmeter routing weights: FreeSWITCH mod_callcenter tiers, version \(feed.version), \
            generated_at \(Timestamp.formatUTC(feed.generatedAt)), valid_until \(Timestamp.formatUTC(feed.validUntil)), \
            as_of \(feed.asOf) -->
              <!-- Reloading this XML resets level and position of these tiers to the values below. -->

            """
        for tier in feed.tiers {
            text += "  <tier agent=\"\(HTML.escape(tier.agent))\" queue=\"\(HTML.escape(tier.queue))\" "
                + "level=\"\(tier.level)\" position=\"\(tier.position)\"/>\n"
        }
        text += "</include>\n"
        return Array(text.utf8)
    }
}
