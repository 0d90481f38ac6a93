import Foundation

/// Agents and hotlines from the names an Asterisk PBX writes, by `Rules/asterisk.json`.
struct AsteriskNames {
    let rules: AsteriskRules
    private let pattern: NSRegularExpression
    /// Queue_log agent fields and queue names repeat a lot; channel names carry a counter and do not.
    private var peerCache: [String: String] = [:]

    init(rules: AsteriskRules) throws(IngestFileError) {
        self.rules = rules
        do {
            pattern = try NSRegularExpression(pattern: rules.agentPattern)
        } catch {
            // `AsteriskRules` checked the pattern when it read the file; a hand-built value may not.
            throw .unreadable(path: AsteriskRules.fileName, reason: "agent_pattern is not a valid regular expression")
        }
    }

    /// The peer name in a channel or queue_log agent field: the first capture group of the
    /// agent pattern that took part in the match; the whole text when the pattern does not match.
    mutating func peer(_ channel: String, cached: Bool = false) -> String {
        if cached, let known = peerCache[channel] { return known }
        var result = channel
        let range = NSRange(location: 0, length: channel.utf16.count)
        if let match = pattern.firstMatch(in: channel, range: range) {
            for group in 1..<match.numberOfRanges {
                let found = match.range(at: group)
                if found.location != NSNotFound, let bounds = Range(found, in: channel), !bounds.isEmpty {
                    result = String(channel[bounds])
                    break
                }
            }
        }
        if cached, peerCache.count < 100_000 { peerCache[channel] = result }
        return result
    }

    /// The agent_id of a peer: the rules' name for it, else the peer itself — unless it is a phone
    /// number (a Local channel dialling out): that is nobody's agent id and is not kept.
    func agentID(peer: String) -> String? {
        if let named = rules.agents[peer] { return named }
        return Self.isPhoneNumber(peer) ? nil : peer
    }

    func isTrunk(peer: String) -> Bool { rules.trunks.contains(peer) }

    /// The hotline of a `dst` or queue name: the rules' name for it, else the name itself — unless
    /// it is a phone number the rules do not name. That may be a customer's (the number an agent
    /// dialled out), so it is kept only as `#` and 16 hex digits of its HMAC, like a caller.
    func hotline(_ name: String, pseudonymizer: CallerPseudonymizer) -> String {
        if let named = rules.hotlines[name] { return named }
        guard Self.isPhoneNumber(name) else { return name }
        let digest = Array(name.utf8).withUnsafeBufferPointer { pseudonymizer.pseudonym($0) }
        return "#" + (digest?.bytes.prefix(8).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() ?? "")
    }

    /// Seven digits or more, with at most a leading `+` and spaces, dashes, dots, slashes or
    /// parentheses between them: longer than any extension, so a phone number.
    static func isPhoneNumber(_ text: String) -> Bool {
        var digits = 0
        for (offset, byte) in text.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            case UInt8(ascii: "+") where offset == 0: continue
            case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: "("), UInt8(ascii: ")"): continue
            default: return false
            }
        }
        return digits >= 7
    }
}
