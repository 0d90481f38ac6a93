import Foundation

/// The keys the PBX rules files (`asterisk.json`, `freeswitch.json`) share: a pattern that picks the
/// agent out of what the PBX writes, maps from the PBX's names to CallMeter's, and lists of names.
extension RuleValue {
    /// The value as an ICU regular expression; an error at the value when it is none (or empty).
    func regularExpression() throws(RulesError) -> NSRegularExpression {
        let pattern = try string()
        guard !pattern.isEmpty, let expression = try? NSRegularExpression(pattern: pattern) else {
            throw error("not a valid regular expression (ICU syntax)")
        }
        return expression
    }
}

/// The keys every PBX rules file has: the pattern that picks the agent out of what the PBX writes
/// (`agent_pattern`) and the renames from the PBX's names to CallMeter's (`agents`, `hotlines`).
/// One value shared by `AsteriskRules` and `FreeSWITCHRules`, read by one function.
package struct PBXNameRules: Sendable, Equatable {
    /// ICU regular expression with at least one capture group: the first group that took part in
    /// the match is the agent's name as the PBX writes it (a peer, an extension).
    package var agentPattern: String
    /// PBX name → agent_id. A name not listed is its own agent_id.
    package var agents: [String: String]
    /// What the PBX writes for the number called (a `dst`, a queue, a `destination_number`) →
    /// hotline. A value not listed is the hotline itself.
    package var hotlines: [String: String]

    package init(agentPattern: String, agents: [String: String], hotlines: [String: String]) {
        self.agentPattern = agentPattern
        self.agents = agents
        self.hotlines = hotlines
    }

    /// Reads `agent_pattern` (else `defaultPattern`; `example` and `group` are for its error), and
    /// the renames `agents` and `hotlines`, each name at most `AsteriskRules.maxNameBytes` long (as
    /// the native CDR allows).
    init(settings root: RuleObject, defaultPattern: String, example: String, group: String) throws(RulesError) {
        agentPattern = try root.agentPattern("agent_pattern", default: defaultPattern, example: example, group: group)
        agents = try root.nameMap("agents", maxBytes: AsteriskRules.maxNameBytes)
        hotlines = try root.nameMap("hotlines", maxBytes: AsteriskRules.maxNameBytes)
    }
}

extension RuleObject {
    /// `key` as a pattern with at least one capture group (the group is the agent), else `fallback`.
    /// `example` is a pattern that would do, for the error.
    fileprivate func agentPattern(_ key: String, default fallback: String, example: String, group: String) throws(RulesError) -> String {
        guard let value = optionalValue(key) else { return fallback }
        guard try value.regularExpression().numberOfCaptureGroups >= 1 else {
            throw value.error("needs a capture group, e.g. \"\(example)\": the group is \(group)")
        }
        return try value.string()
    }

    /// An object whose keys are names as the PBX writes them and whose values are CallMeter's,
    /// each 1 to `maxBytes` bytes long; empty when `key` is absent.
    fileprivate func nameMap(_ key: String, maxBytes: Int) throws(RulesError) -> [String: String] {
        guard let object = try optionalObject(key) else { return [:] }
        var result: [String: String] = [:]
        for entry in object.entries() {
            let value = try entry.value.string()
            guard !value.isEmpty, value.utf8.count <= maxBytes else {
                throw entry.value.error("must be 1 to \(maxBytes) bytes long")
            }
            result[entry.key] = value
        }
        return result
    }

    /// An array of names, none of them empty (`reason` is the error for an empty one); nil when
    /// `key` is absent.
    func optionalNameSet(_ key: String, ifEmpty reason: String) throws(RulesError) -> Set<String>? {
        guard let elements = try optionalArray(key) else { return nil }
        var names: Set<String> = []
        for element in elements {
            let name = try element.string()
            guard !name.isEmpty else { throw element.error(reason) }
            names.insert(name)
        }
        return names
    }
}
