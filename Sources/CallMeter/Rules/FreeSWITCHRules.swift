public import Foundation

/// How CallMeter reads FreeSWITCH `mod_cdr_csv` files, from `freeswitch.json`: which
/// destinations are agents, which are applications, and optional renames.
///
/// A file of its own rather than a section of `asterisk.json`: FreeSWITCH writes no channel names,
/// so none of the Asterisk keys (agent pattern on channels, trunks, layouts) applies, and a
/// FreeSWITCH center needs no Asterisk file. Every key is optional.
public struct FreeSWITCHRules: Sendable, Equatable, RuleFileKind {
    package static let fileName = "freeswitch.json"

    /// Exactly four digits: FreeSWITCH's stock directory numbers its users 1000–1019.
    package static let defaultAgentPattern = #"^([0-9]{4})$"#

    /// `agent_pattern`, matched against the whole `destination_number` (its first capture group that
    /// took part is the agent's extension; a destination it does not match is no agent), and the
    /// renames `agents` (extension → agent_id) and `hotlines` (`destination_number` → hotline).
    package let names: PBXNameRules
    /// Destinations that are an application of the PBX, not a person (`voicemail`).
    package let applications: Set<String>

    package static let defaultApplications: Set<String> = ["voicemail"]

    package init(
        agentPattern: String = FreeSWITCHRules.defaultAgentPattern, agents: [String: String] = [:], hotlines: [String: String] = [:],
        applications: Set<String> = FreeSWITCHRules.defaultApplications
    ) {
        names = PBXNameRules(agentPattern: agentPattern, agents: agents, hotlines: hotlines)
        self.applications = applications
    }

    /// Reads `freeswitch.json` in `directory`; nil when there is no such file (the defaults apply).
    public static func load(directory: URL) throws(RulesError) -> FreeSWITCHRules? {
        try loadIfPresent(directory: directory)
    }

    package init(settings root: RuleObject) throws(RulesError) {
        names = try PBXNameRules(
            settings: root, defaultPattern: Self.defaultAgentPattern, example: #"^(1[0-9]{3})$"#, group: "the agent's extension")
        applications = try root.optionalNameSet("applications", ifEmpty: "an application's destination must not be empty")
            ?? Self.defaultApplications
    }
}
