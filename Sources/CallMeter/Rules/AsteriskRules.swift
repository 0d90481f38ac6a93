public import Foundation

/// How CallMeter reads Asterisk files, from `asterisk.json`: which part of a channel name is the
/// agent, which peers are trunks, and optional renames of agents and hotlines.
///
/// Every key is optional; without the file the defaults below apply.
public struct AsteriskRules: Sendable, Equatable, RuleFileKind {
    package static let fileName = "asterisk.json"

    /// Matched against a whole channel name (`dstchannel`, or `channel` of an outbound leg) and
    /// against the agent field of the queue_log. The first capture group that took part in the
    /// match is the agent's peer name:
    /// `Local/1001@agents-0000001a;1` → `1001`, `Agent/1001` → `1001`,
    /// `SIP/agent1001-0000002a` → `agent1001`, `PJSIP/1115-09240063` → `1115`.
    package static let defaultAgentPattern = #"^(?:Local/([^@;/]+)@[^;]*(?:;[0-9]+)?|Agent/(.+)|[A-Za-z0-9_]+/(.+?)(?:-[0-9A-Fa-f]+)?)$"#

    /// `agent_pattern` (ICU, at least one capture group), and the renames `agents` (peer name or
    /// queue_log agent → agent_id) and `hotlines` (`dst` of the CDR or queue name of the queue_log →
    /// hotline).
    package let names: PBXNameRules
    /// Peer names of trunks. A leg bridged to a trunk is an outbound call of the agent on its
    /// `channel` side; without this list the trunk's peer name would be taken for an agent.
    package let trunks: Set<String>

    /// `lastapp` values (compared without case) of legs where the caller was answered by the PBX,
    /// not by a person: such a leg pays nobody, even when its dstchannel names an agent (FreePBX
    /// writes the busy agent's channel on the VoiceMail leg).
    package let systemApps: Set<String>
    /// Routes through Local channels, tried in order before `agentPattern` on a whole channel name:
    /// the first pattern that matches decides. Its first capture group that took part in the match
    /// is the agent's peer name; a pattern without one (or whose groups did not take part) means the
    /// channel is nobody's (a ring group, the operator).
    package let localChannels: [String]
    /// A name with a run of this many digits is a phone number: never an agent id (nor is a name
    /// with `@`, a URI), whatever the pattern matched — unless `agents` names it.
    package let phoneNumberDigits: Int

    /// The applications that answer a caller without a person: voicemail, prompts, IVR menus,
    /// hang-up and busy tones, a supervisor's ChanSpy.
    package static let defaultSystemApps: Set<String> = [
        "VoiceMail", "VoiceMailMain", "Playback", "BackGround", "Read", "WaitExten", "Wait", "Hangup", "Busy", "Congestion",
        "Echo", "Record", "SayDigits", "SayNumber", "Directory", "MusicOnHold", "ChanSpy", "ExecIf", "Goto", "GotoIf", "System",
        "AGI", "Authenticate", "Answer",
    ]
    /// FreePBX's Local channels: follow-me (`FMPR-`, `FMGL-`), a call forward or follow-me to an
    /// outside number (`LC-`, which then is a phone number: nobody), a queue member
    /// (`460@from-queue`); ring-group halves (`RG-600-…#`) and the operator (`0@`) are nobody.
    package static let defaultLocalChannels = [
        #"^Local/(?:FMPR|FMGL|LC)-([^@;/]+)@"#,
        #"^Local/([^@;/]+)@from-queue"#,
        #"^Local/RG-"#,
        #"^Local/0@"#,
    ]
    package static let defaultPhoneNumberDigits = 9
    /// Column layouts of header-less files (`--layout NAME`), by name: the user's own, beside the
    /// built-in `AsteriskColumnLayout.presets` (one of the same name replaces a preset).
    package let layouts: [String: AsteriskColumnLayout]

    /// Longest agent id or hotline a rule may name (as the native CDR allows).
    static let maxNameBytes = 64

    package init(
        agentPattern: String = AsteriskRules.defaultAgentPattern, agents: [String: String] = [:], trunks: Set<String> = [],
        hotlines: [String: String] = [:], systemApps: Set<String> = AsteriskRules.defaultSystemApps,
        localChannels: [String] = AsteriskRules.defaultLocalChannels, phoneNumberDigits: Int = AsteriskRules.defaultPhoneNumberDigits,
        layouts: [String: AsteriskColumnLayout] = [:]
    ) {
        self.names = PBXNameRules(agentPattern: agentPattern, agents: agents, hotlines: hotlines)
        self.trunks = trunks
        self.systemApps = Set(systemApps.map { $0.uppercased() })
        self.localChannels = localChannels
        self.phoneNumberDigits = phoneNumberDigits
        self.layouts = layouts
    }

    /// Reads `asterisk.json` in `directory`; nil when there is no such file (the defaults apply).
    public static func load(directory: URL) throws(RulesError) -> AsteriskRules? {
        try loadIfPresent(directory: directory)
    }

    package init(settings root: RuleObject) throws(RulesError) {
        names = try PBXNameRules(
            settings: root, defaultPattern: Self.defaultAgentPattern, example: #"^SIP/(.+)-[0-9a-f]+$"#, group: "the agent")
        trunks = try root.optionalNameSet("trunks", ifEmpty: "a trunk's peer name must not be empty") ?? []
        let apps = try root.optionalNameSet("system_apps", ifEmpty: "an application name must not be empty") ?? Self.defaultSystemApps
        systemApps = Set(apps.map { $0.uppercased() })
        if let array = try root.optionalArray("local_channels") {
            var patterns: [String] = []
            for element in array {
                patterns.append(try element.regularExpression().pattern)
            }
            localChannels = patterns
        } else {
            localChannels = Self.defaultLocalChannels
        }
        phoneNumberDigits = try root.optionalInt("phone_number_digits", in: 5...64) ?? Self.defaultPhoneNumberDigits
        var layouts: [String: AsteriskColumnLayout] = [:]
        for entry in try root.optionalObject("layouts")?.entries() ?? [] {
            guard !entry.key.isEmpty, entry.key.utf8.count <= Self.maxNameBytes, !entry.key.hasPrefix("-") else {
                throw entry.value.error("a layout's name must be 1 to \(Self.maxNameBytes) bytes long and not start with '-'")
            }
            layouts[entry.key] = try AsteriskColumnLayout(name: entry.key, value: entry.value)
        }
        self.layouts = layouts
    }

    /// The layout `--layout name` asks for: the file's, else a preset; nil when neither knows it.
    package func layout(named name: String) -> AsteriskColumnLayout? {
        layouts[name] ?? AsteriskColumnLayout.presets.first { $0.name == name }
    }

    /// Every layout name `--layout` takes, sorted.
    package var layoutNames: [String] {
        Set(layouts.keys).union(AsteriskColumnLayout.presets.map(\.name)).sorted()
    }
}
