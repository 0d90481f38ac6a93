public import Foundation

/// How CallMeter reads FreeSWITCH `mod_cdr_csv` files, from `freeswitch.json`: which
/// destinations are agents, which are applications, and optional renames.
///
/// A file of its own rather than a section of `asterisk.json`: FreeSWITCH writes no channel names,
/// so none of the Asterisk keys (agent pattern on channels, trunks, layouts) applies, and a
/// FreeSWITCH center needs no Asterisk file. Every key is optional.
public struct FreeSWITCHRules: Sendable, Equatable {
    public static let fileName = "freeswitch.json"

    /// Exactly four digits: FreeSWITCH's stock directory numbers its users 1000–1019.
    public static let defaultAgentPattern = #"^([0-9]{4})$"#

    /// ICU regular expression matched against the whole `destination_number`; its first capture
    /// group that took part is the agent's extension. A destination it does not match is no agent.
    public let agentPattern: String
    /// Extension → agent_id. An extension not listed is its own agent_id.
    public let agents: [String: String]
    /// `destination_number` → hotline. A destination not listed is the hotline itself.
    public let hotlines: [String: String]
    /// Destinations that are an application of the PBX, not a person (`voicemail`).
    public let applications: Set<String>

    public static let defaultApplications: Set<String> = ["voicemail"]

    public init(
        agentPattern: String = FreeSWITCHRules.defaultAgentPattern, agents: [String: String] = [:], hotlines: [String: String] = [:],
        applications: Set<String> = FreeSWITCHRules.defaultApplications
    ) {
        self.agentPattern = agentPattern
        self.agents = agents
        self.hotlines = hotlines
        self.applications = applications
    }

    /// Reads `freeswitch.json` in `directory`; nil when there is no such file (the defaults apply).
    public static func load(directory: URL) throws(RulesError) -> FreeSWITCHRules? {
        let path = directory.appendingPathComponent(fileName).path
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try FreeSWITCHRules(RulesFile.load(directory: directory, name: fileName))
    }

    static func parse(_ text: String, file: String = fileName) throws(RulesError) -> FreeSWITCHRules {
        try FreeSWITCHRules(RulesFile.parse(text, file: file))
    }

    package init(_ file: RulesFile) throws(RulesError) {
        let root = try file.rootObject()
        agentPattern = try root.agentPattern(
            "agent_pattern", default: Self.defaultAgentPattern, example: #"^(1[0-9]{3})$"#, group: "the agent's extension")
        agents = try root.nameMap("agents", maxBytes: AsteriskRules.maxNameBytes)
        hotlines = try root.nameMap("hotlines", maxBytes: AsteriskRules.maxNameBytes)
        if let list = try root.optionalArray("applications") {
            var applications: Set<String> = []
            for element in list {
                let name = try element.string()
                guard !name.isEmpty else { throw element.error("an application's destination must not be empty") }
                applications.insert(name)
            }
            self.applications = applications
        } else {
            applications = Self.defaultApplications
        }
        try root.rejectUnknownKeys()
    }
}
