/// The Local channels of one file's legs without a linkedid, to find the call each half belongs to.
///
/// A Local channel `Local/460@from-queue-0000001a` has two halves, `;1` (dialled by the caller's
/// leg) and `;2` (which dials on, e.g. `SIP/460`). Without a linkedid each half's CDR has its own
/// uniqueid. The call is the group of the earliest leg that dialled the `;1` half; the `;2` half's
/// legs, and other legs written against the same `;1` half (FreePBX follow-me writes the agent's
/// device leg back against it), join that group when they start while it lasts. Chains (a ring
/// group's `;2` half dialling another Local channel) join transitively.
struct LocalChannelRoutes {
    private struct Leg {
        let groupKey: String
        let startedAt: Int64
        let endedAt: Int64
    }

    /// Legs whose dstchannel is the `;1` half, by the Local channel's name without `;1`.
    private var diallers: [String: [Leg]] = [:]
    /// Legs whose channel is the `;2` half, by the same name.
    private var insiders: [String: [Leg]] = [:]
    /// Keeps memory bounded on a huge file: routes beyond this many are not joined.
    static let maxChannels = 200_000

    mutating func note(_ leg: AsteriskLeg) {
        let entry = Leg(groupKey: leg.record.groupKey, startedAt: leg.record.span.startedAt, endedAt: leg.record.span.endedAt)
        if let dstchannel = leg.dstchannel, let name = Self.name(dstchannel, half: ";1"), diallers.count < Self.maxChannels {
            diallers[name, default: []].append(entry)
        }
        if let name = Self.name(leg.channel, half: ";2"), insiders.count < Self.maxChannels {
            insiders[name, default: []].append(entry)
        }
    }

    /// Group key → the group key of the call it joins (resolved through chains).
    func joins() -> [String: String] {
        var parent: [String: String] = [:]
        func root(_ key: String) -> String {
            var key = key
            var seen = 0
            while let next = parent[key], next != key, seen < 64 {
                key = next
                seen += 1
            }
            return key
        }
        for name in diallers.keys.sorted() {
            guard let legs = diallers[name], let call = legs.min(by: { ($0.startedAt, $0.groupKey) < ($1.startedAt, $1.groupKey) }) else { continue }
            let members = legs + (insiders[name] ?? [])
            for member in members where member.groupKey != call.groupKey {
                // A restarted PBX reuses Local channel counters: only halves that overlap join.
                guard member.startedAt >= call.startedAt - 5, member.startedAt <= call.endedAt + 5 else { continue }
                let a = root(member.groupKey), b = root(call.groupKey)
                if a != b { parent[a] = b }
            }
        }
        var result: [String: String] = [:]
        for key in parent.keys { result[key] = root(key) }
        return result
    }

    /// `Local/…-0000001a` of `Local/…-0000001a;1`, when `channel` is that half of a Local channel.
    private static func name(_ channel: String, half: String) -> String? {
        guard channel.hasPrefix("Local/"), channel.hasSuffix(half) else { return nil }
        return String(channel.dropLast(half.count))
    }
}
