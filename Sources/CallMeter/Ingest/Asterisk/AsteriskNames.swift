import Foundation

/// Agents and hotlines from the names an Asterisk PBX writes, by `Rules/asterisk.json`.
struct AsteriskNames {
    let rules: AsteriskRules
    private let pattern: NSRegularExpression
    private let localChannels: [NSRegularExpression]
    /// Queue_log agent fields and queue names repeat a lot; channel names carry a counter and do not.
    private var peerCache: [String: String] = [:]

    init(rules: AsteriskRules) throws(IngestFileError) {
        self.rules = rules
        do {
            pattern = try NSRegularExpression(pattern: rules.names.agentPattern)
        } catch {
            // `AsteriskRules` checked the pattern when it read the file; a hand-built value may not.
            throw .unreadable(path: AsteriskRules.fileName, reason: "agent_pattern is not a valid regular expression")
        }
        var localChannels: [NSRegularExpression] = []
        for route in rules.localChannels {
            guard let expression = try? NSRegularExpression(pattern: route) else {
                throw .unreadable(path: AsteriskRules.fileName, reason: "local_channels holds an invalid regular expression")
            }
            localChannels.append(expression)
        }
        self.localChannels = localChannels
    }

    /// What a channel says about the agent on it: the peer name by `local_channels`, else by the
    /// agent pattern; nil when a Local channel rule says the channel is nobody's.
    mutating func agentPeer(_ channel: String) -> String? {
        let range = NSRange(location: 0, length: channel.utf16.count)
        for route in localChannels {
            guard let match = route.firstMatch(in: channel, range: range) else { continue }
            return Self.firstGroup(of: match, in: channel)
        }
        return peer(channel)
    }

    private static func firstGroup(of match: NSTextCheckingResult, in text: String) -> String? {
        for group in stride(from: 1, to: match.numberOfRanges, by: 1) {
            let found = match.range(at: group)
            if found.location != NSNotFound, let bounds = Range(found, in: text), !bounds.isEmpty {
                return String(text[bounds])
            }
        }
        return nil
    }

    /// The peer name in a channel or queue_log agent field: the first capture group of the
    /// agent pattern that took part in the match; the whole text when the pattern does not match.
    mutating func peer(_ channel: String, cached: Bool = false) -> String {
        if cached, let known = peerCache[channel] { return known }
        var result = channel
        let range = NSRange(location: 0, length: channel.utf16.count)
        if let match = pattern.firstMatch(in: channel, range: range), let group = Self.firstGroup(of: match, in: channel) {
            result = group
        }
        if cached, peerCache.count < 100_000 { peerCache[channel] = result }
        return result
    }

    /// The agent_id of a peer: the rules' name for it, else the peer itself — unless it is a trunk,
    /// or looks like a phone number (7+ digits alone, a run of `phone_number_digits`) or a URI
    /// (`@`): a Local channel dialling out, a ring group's number, a SIP URI. Those are nobody's
    /// agent id and are not kept; `agents` is the way to name a real agent written like that.
    func agentID(peer: String) -> String? {
        if isTrunk(peer: peer) { return nil }
        if let named = rules.names.agents[peer] { return isTrunk(peer: named) ? nil : named }
        if Self.isPhoneNumber(peer) || peer.contains("@") || Self.longestDigitRun(peer) >= rules.phoneNumberDigits { return nil }
        return peer
    }

    /// The longest run of consecutive ASCII digits.
    static func longestDigitRun(_ text: String) -> Int {
        var longest = 0, run = 0
        for byte in text.utf8 {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                run += 1
                longest = max(longest, run)
            } else {
                run = 0
            }
        }
        return longest
    }

    /// Whether a leg's `lastapp` is the PBX answering (voicemail, a prompt), not a person.
    func isSystemApp(_ lastapp: String) -> Bool { rules.systemApps.contains(lastapp.uppercased()) }

    func isTrunk(peer: String) -> Bool { rules.trunks.contains(peer) }

    /// The hotline of a `dst` or queue name: the rules' name for it, else the name itself — unless
    /// it is a phone number the rules do not name (or holds one: a run of `phone_number_digits`,
    /// a URI, as a ring group's `RG-600-…#` does). That may be a customer's (the number an agent
    /// dialled out), so it is kept only as `#` and 16 hex digits of its HMAC, like a caller.
    func hotline(_ name: String, pseudonymizer: CallerPseudonymizer) -> String {
        if let named = rules.names.hotlines[name] { return named }
        guard Self.isPhoneNumber(name) || name.contains("@") || Self.longestDigitRun(name) >= rules.phoneNumberDigits else { return name }
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
