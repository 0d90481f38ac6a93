/// One queue of an Asterisk feed: its members with the penalties written and the shares.
package struct AsteriskQueue: Sendable, Equatable {
    package let name: String
    package let strategy: AsteriskQueueRules.Strategy
    /// In the order written: by agent ID.
    package let members: [AsteriskQueueMember]
    /// wrandom only: the probability that the lowest metric is shared (ties go by app_queue's
    /// member order; the achieved shares assume the order written), and Σ |achieved − target|.
    package let tieShare: Double?
    package let distance: Double?
}

/// A member line of an Asterisk feed.
package struct AsteriskQueueMember: Sendable, Equatable {
    package let agentID: String
    package let interface: String
    package let penalty: Int
    package let weight: Int
    package let band: String
    /// weight ÷ Σ weights of the queue.
    package let targetShare: Double
    /// wrandom: the exact probability of being rung first with every member free; nil for the
    /// tier strategies, where the share within a tier is the strategy's, not a weight's.
    package let achievedShare: Double?
}

/// The `asterisk-queues` and `asterisk-realtime` feeds: app_queue members with penalties made from
/// the weights. Each listed agent is a member of every queue of its directory `queues` column, with
/// its `asterisk_interface` as interface and state interface and its agent ID as member name (so
/// that queue_log names the agent by the ID `ingest queue-log` reads). Per queue, by its strategy
/// in `routing.json`: wrandom gets the penalties whose exact shares come closest to the weight
/// shares (`WrandomOdds`); every other strategy gets the band's tier (`band_penalties`).
enum AsteriskQueueFeed {
    /// The source the wrandom formula and the tie order were read from.
    static let appQueueSource = "asterisk/asterisk apps/app_queue.c at 00090d3ebc55107e1e77a6601deecff34621b67a (calc_metric, try_calling, find_best)"

    /// The agents that are members of at least one queue, the queues, and the agents left out
    /// (no interface, no queue, an agent ID a member line cannot hold, an interface another agent
    /// of the queue has).
    static func assign(
        _ entries: [FeedEntry], directory: [String: DirectoryAgent], rules: AsteriskQueueRules
    ) -> (entries: [FeedEntry], queues: [AsteriskQueue], leftOut: [KamailioFeed.LeftOut]) {
        var leftOut: [KamailioFeed.LeftOut] = []
        var listed: [FeedEntry] = []
        var byQueue: [String: [(entry: FeedEntry, interface: String)]] = [:]
        let sorted = entries.sorted { $0.agentID.utf8.lexicographicallyPrecedes($1.agentID.utf8) }
        for entry in sorted {
            guard let agent = directory[entry.agentID], let interface = agent.asteriskInterface, !interface.isEmpty else {
                leftOut.append(.init(agentID: entry.agentID, reason: "no asterisk_interface"))
                continue
            }
            guard !agent.queues.isEmpty else {
                leftOut.append(.init(agentID: entry.agentID, reason: "in no ACD queue (its queues column is empty)"))
                continue
            }
            guard KamailioFeed.isListableAgentID(entry.agentID) else {
                leftOut.append(.init(agentID: entry.agentID, reason: "its agent_id has characters a member name cannot hold"))
                continue
            }
            var clashes: [String] = []
            for queue in agent.queues {
                if let other = byQueue[queue]?.first(where: { $0.interface.lowercased() == interface.lowercased() }) {
                    clashes.append("\(other.entry.agentID) in \(queue)")
                }
            }
            guard clashes.isEmpty else {
                leftOut.append(.init(agentID: entry.agentID, reason: "its asterisk_interface \(interface) is also that of "
                                     + clashes.joined(separator: ", ") + " (app_queue keeps one member per interface)"))
                continue
            }
            listed.append(entry)
            for queue in agent.queues { byQueue[queue, default: []].append((entry, interface)) }
        }
        let queues = byQueue.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { name in
            let members = byQueue[name] ?? []
            let strategy = rules.strategy(of: name)
            let penalties: [Int]
            if strategy == .wrandom {
                penalties = WrandomOdds.penalties(weights: members.map(\.entry.weight), maxPenalty: rules.maxWrandomPenalty).penalties
            } else {
                penalties = members.map { member in
                    let band = ScoreBand(rawValue: member.entry.band) ?? .insufficient
                    return rules.bandPenalties[band] ?? 0
                }
            }
            return queue(name, strategy: strategy, members: zip(members, penalties).map { ($0.entry, $0.interface, $1) })
        }
        return (listed, queues, leftOut)
    }

    /// A queue with its shares computed from the penalties: for a publish and for a rollback, which
    /// writes the stored members and penalties again.
    static func queue(_ name: String, strategy: AsteriskQueueRules.Strategy,
                      members: [(entry: FeedEntry, interface: String, penalty: Int)]) -> AsteriskQueue {
        let sum = members.reduce(0) { $0 + $1.entry.weight }
        let targets = members.map { sum > 0 ? Double($0.entry.weight) / Double(sum) : 0 }
        var achieved: [Double?] = members.map { _ in nil }
        var tieShare: Double?
        var distance: Double?
        if strategy == .wrandom {
            let odds = WrandomOdds.odds(penalties: members.map(\.penalty))
            achieved = odds.shares
            tieShare = odds.tieShare
            distance = WrandomOdds.distance(odds.shares, targets)
        }
        let written = members.indices.map { i in
            AsteriskQueueMember(
                agentID: members[i].entry.agentID, interface: members[i].interface, penalty: members[i].penalty,
                weight: members[i].entry.weight, band: members[i].entry.band, targetShare: targets[i], achievedShare: achieved[i])
        }
        return AsteriskQueue(name: name, strategy: strategy, members: written, tieShare: tieShare, distance: distance)
    }

    /// The queues of a stored feed, from its stored members and its agents' weights.
    static func rebuild(_ rows: [StoredQueueMember], entries: [FeedEntry]) -> [AsteriskQueue] {
        let byAgent = Dictionary(entries.map { ($0.agentID, $0) }, uniquingKeysWith: { first, _ in first })
        var order: [String] = []
        var byQueue: [String: [StoredQueueMember]] = [:]
        for row in rows {
            if byQueue[row.queue] == nil { order.append(row.queue) }
            byQueue[row.queue, default: []].append(row)
        }
        return order.map { name in
            let rows = byQueue[name] ?? []
            let strategy = rows.first.map(\.strategy) ?? .wrandom
            let members = rows.compactMap { row in byAgent[row.agentID].map { ($0, row.interface, row.penalty) } }
            return queue(name, strategy: strategy, members: members)
        }
    }

    /// The file for `#include` in queues.conf. Lines starting with `;` are comments to Asterisk.
    static func renderConf(_ feed: Feed) -> [UInt8] {
        var text = """
            ; callmeter routing weights: Asterisk app_queue members, for #include in queues.conf
            ; (after each queue's own [QUEUE] section). Reload: asterisk -rx "queue reload members"
            ; version \(feed.version)
            ; generated_at \(Timestamp.formatUTC(feed.generatedAt))
            ; valid_until \(Timestamp.formatUTC(feed.validUntil))
            ; as_of \(feed.asOf)
            ; member => interface,penalty,membername,state_interface

            """
        for queue in feed.queues {
            text += "\n; \(queue.name): strategy \(queue.strategy.rawValue), "
                + (queue.strategy == .wrandom ? "penalties from the exact wrandom shares (see the .meta.json)" : "penalties are band tiers")
                + "\n[\(queue.name)](+)\n"
            for member in queue.members {
                text += "member => \(member.interface),\(member.penalty),\(member.agentID),\(member.interface)\n"
            }
        }
        return Array(text.utf8)
    }

    /// Rows for app_queue's realtime `queue_members` table. No field needs quoting: queue names,
    /// interfaces and agent IDs listed hold no comma, quote or line break.
    static func renderRealtime(_ feed: Feed) -> [UInt8] {
        var text = "queue_name,interface,membername,state_interface,penalty\n"
        for queue in feed.queues {
            for member in queue.members {
                text += "\(queue.name),\(member.interface),\(member.agentID),\(member.interface),\(member.penalty)\n"
            }
        }
        return Array(text.utf8)
    }

    /// The sidecar `PATH.meta.json`: version, stamps, the SHA-256 of the feed's bytes, and per
    /// queue its strategy and per member the penalty, the target share and the achieved share.
    static func sidecar(_ feed: Feed, bytes: [UInt8]) -> [UInt8] {
        var text = CSVFeed.sidecarHead(feed, bytes: bytes) + """
            ,
              "wrandom_source": \(JSONText.string(appQueueSource)),
              "queues": [
            """
        for (q, queue) in feed.queues.enumerated() {
            text += q == 0 ? "\n" : ",\n"
            text += """
                    {
                      "queue": \(JSONText.string(queue.name)),
                      "strategy": \(JSONText.string(queue.strategy.rawValue)),
                      "distance": \(queue.distance.map(decimal) ?? "null"),
                      "tie_share": \(queue.tieShare.map(decimal) ?? "null"),
                      "members": [
                """
            for (m, member) in queue.members.enumerated() {
                text += (m == 0 ? "\n" : ",\n") + "        { \"agent_id\": \(JSONText.string(member.agentID)), "
                    + "\"interface\": \(JSONText.string(member.interface)), \"penalty\": \(member.penalty), "
                    + "\"weight\": \(member.weight), \"band\": \(JSONText.string(member.band)), "
                    + "\"target_share\": \(decimal(member.targetShare)), "
                    + "\"achieved_share\": \(member.achievedShare.map(decimal) ?? "null") }"
            }
            text += "\n      ]\n    }"
        }
        text += (feed.queues.isEmpty ? "]\n" : "\n  ]\n") + "}\n"
        return Array(text.utf8)
    }

    /// A share in 0...1 with six decimals, rounded half up, as a JSON number (`0.250250`).
    static func decimal(_ share: Double) -> String {
        let micro = Int((min(max(share, 0), 1) * 1_000_000).rounded())
        let fraction = String(micro % 1_000_000)
        return "\(micro / 1_000_000)." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }
}

/// A member line of a stored Asterisk feed.
struct StoredQueueMember: Equatable {
    let queue: String
    let agentID: String
    let interface: String
    let penalty: Int
    let strategy: AsteriskQueueRules.Strategy
}
