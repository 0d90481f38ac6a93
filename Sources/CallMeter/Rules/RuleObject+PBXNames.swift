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

extension RuleObject {
    /// The keys every PBX rules file has: `agent_pattern` (else `defaultPattern`; `example` and
    /// `group` are for its error), and the renames `agents` and `hotlines`, each name at most
    /// `AsteriskRules.maxNameBytes` long (as the native CDR allows).
    func pbxNames(
        defaultPattern: String, example: String, group: String
    ) throws(RulesError) -> (agentPattern: String, agents: [String: String], hotlines: [String: String]) {
        let pattern = try agentPattern("agent_pattern", default: defaultPattern, example: example, group: group)
        let agents = try nameMap("agents", maxBytes: AsteriskRules.maxNameBytes)
        let hotlines = try nameMap("hotlines", maxBytes: AsteriskRules.maxNameBytes)
        return (pattern, agents, hotlines)
    }

    /// `key` as a pattern with at least one capture group (the group is the agent), else `fallback`.
    /// `example` is a pattern that would do, for the error.
    private func agentPattern(_ key: String, default fallback: String, example: String, group: String) throws(RulesError) -> String {
        guard let value = optionalValue(key) else { return fallback }
        guard try value.regularExpression().numberOfCaptureGroups >= 1 else {
            throw value.error("needs a capture group, e.g. \"\(example)\": the group is \(group)")
        }
        return try value.string()
    }

    /// An object whose keys are names as the PBX writes them and whose values are CallMeter's,
    /// each 1 to `maxBytes` bytes long; empty when `key` is absent.
    private func nameMap(_ key: String, maxBytes: Int) throws(RulesError) -> [String: String] {
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
