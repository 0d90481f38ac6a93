public import Foundation

/// How scores become routing weights and how the feed is published, from `routing.json`.
public struct RoutingRules: Sendable, Equatable, RuleFileKind {
    package static let fileName = "routing.json"

    /// Weights lie in `floor...ceiling`.
    package let floor: Int
    package let ceiling: Int
    /// Score at or above which the target is `ceiling`.
    package let fullAt: Int
    /// Score at or below which the target is `floor`.
    package let floorAt: Int
    /// Target of band `insufficient` and of unscored directory agents.
    package let insufficientWeight: Int
    /// Most a weight moves from the one published for the previous scoring run.
    package let maxStep: Int
    package let validHours: Int
    /// Published feeds kept beside the feed for rollback.
    package let keep: Int
    /// Circuit breaker: most of a dispatcher set's calls a new feed may send to other agents.
    package let maxTrafficMovedPercent: Int
    /// Circuit breaker: most of today's agents a new feed may leave out.
    package let maxAgentsRemovedPercent: Int
    package let format: FeedFormat
    /// Output path of each format as written in the file (relative to the database's folder).
    package let outputs: [FeedFormat: String]
    /// Nights in a row the nightly job may renew the last good feed when it cannot make new
    /// weights (`max_extensions`, optional, default `defaultMaxExtensions`).
    package let maxExtensions: Int
    /// The backup routing of `weights fallback` (`fallback`, optional).
    package let fallback: FallbackRouting
    /// `max_extensions` when the file has none.
    package static let defaultMaxExtensions = 3
    /// The command run after each successful publish (argv, no shell), or nil.
    package let afterPublish: [String]?
    /// Seconds the `afterPublish` command may run before its process group is killed.
    package let afterPublishTimeoutSeconds: Int
    /// Names and levels of the freeswitch-tiers feed (the optional `"freeswitch"` object).
    package let freeswitch: FreeSWITCHTierRules

    /// The shipped output paths. The first three formats' keys are required in the file (they
    /// were from the start); a format added later may be left out and gets its path here.
    package static let defaultOutputs: [FeedFormat: String] = [
        .csv: "feeds/weights.csv", .json: "feeds/weights.json", .kamailio: "feeds/dispatcher.list",
        .kamailioRelative: "feeds/dispatcher-rweight.list", .freeswitchTiers: "feeds/callcenter-tiers",
        .asteriskQueues: "feeds/queues_callmeter.conf", .asteriskRealtime: "feeds/queue_members.csv",
    ]
    static let requiredOutputs: Set<FeedFormat> = [.csv, .json, .kamailio]

    /// How the Asterisk feeds turn weights into queue penalties (the optional `asterisk` object).
    package var asterisk = AsteriskQueueRules()
    /// SHA-256 of the settings that make the weights (not of the file: comments do not count; nor
    /// of `max_extensions`, `fallback` and `after_publish`, which change no computed weight),
    /// stored with each weight computation.
    package var sha256: String {
        // A format added later counts only when set apart from its default, so that a file that
        // does not mention it keeps the digest it had (and its stored weights are not "computed
        // with another routing.json").
        let outputs = FeedFormat.allCases
            .filter { Self.requiredOutputs.contains($0) || self.outputs[$0] != Self.defaultOutputs[$0] }
            .map { "\($0.rawValue)=\(self.outputs[$0] ?? "")" }.joined(separator: ",")
        let text = "floor=\(floor),ceiling=\(ceiling),full_at=\(fullAt),floor_at=\(floorAt),insufficient_weight=\(insufficientWeight),"
            + "max_step=\(maxStep),valid_hours=\(validHours),keep=\(keep),max_traffic_moved_percent=\(maxTrafficMovedPercent),"
            + "max_agents_removed_percent=\(maxAgentsRemovedPercent),format=\(format.rawValue),outputs=\(outputs)"
            + (freeswitch == FreeSWITCHTierRules() ? "" : ",freeswitch=\(freeswitch.digestText)")
            + (asterisk == AsteriskQueueRules() ? "" : "," + asterisk.digestText)
        return Crypto.hex(Crypto.sha256(Array(text.utf8)))
    }

    static let weightLimits = 1...1000


    /// `after_publish_timeout_seconds` when absent, and its limits.
    static let defaultAfterPublishTimeoutSeconds = 30
    static let afterPublishTimeoutLimits = 1...3600

    /// Keys of earlier versions and what replaced them: refused with that said, rather than as
    /// unknown keys.
    static let retiredKeys: [(key: String, replacement: String)] = [
        ("max_capacity_drop_percent",
         "the circuit breaker now measures the share of a dispatcher set's calls that would move to other agents "
            + "(\"max_traffic_moved_percent\", shipped 25) and the share of today's agents left out "
            + "(\"max_agents_removed_percent\", shipped 20) instead of the sum of weights"),
        ("max_agents_changed_percent",
         "counting the agents whose weight changed at all refused ordinary nights; the circuit breaker now measures "
            + "the share of a dispatcher set's calls that would move to other agents (\"max_traffic_moved_percent\", "
            + "shipped 25) and the share of today's agents left out (\"max_agents_removed_percent\", shipped 20)"),
    ]
    static let scoreLimits = 0...100

    /// Formats whose output path may be left out of `outputs`, and the path then.

    /// Reads `routing.json` in `directory`.
    public static func load(directory: URL) throws(RulesError) -> RoutingRules {
        try loadRequired(directory: directory)
    }

    package init(settings root: RuleObject) throws(RulesError) {
        let floor = try root.int("floor", in: Self.weightLimits)
        let ceiling = try root.int("ceiling", in: Self.weightLimits)
        guard floor < ceiling else {
            throw root.error("must be above floor (\(floor)), found \(ceiling)", at: "ceiling")
        }
        let fullAt = try root.int("full_at", in: Self.scoreLimits)
        let floorAt = try root.int("floor_at", in: Self.scoreLimits)
        guard floorAt < fullAt else {
            throw root.error("must be below full_at (\(fullAt)), found \(floorAt)", at: "floor_at")
        }
        let insufficient = try root.int("insufficient_weight", in: floor...ceiling)
        let maxStep = try root.int("max_step", in: Self.weightLimits)
        let validHours = try root.int("valid_hours", in: 1...8760)
        let keep = try root.int("keep", in: 1...1000)
        for retired in Self.retiredKeys where root.keys.contains(retired.key) {
            throw root.error("this key is no longer read: \(retired.replacement); remove it and set those two "
                             + "(README, \"Publishing and the circuit breaker\")", at: retired.key)
        }
        let trafficMoved = try root.int("max_traffic_moved_percent", in: 0...100)
        let agentsRemoved = try root.int("max_agents_removed_percent", in: 0...100)

        let formatValue = try root.value("format")
        let formatName = try formatValue.string()
        guard let format = FeedFormat(rawValue: formatName) else {
            throw formatValue.error("unknown format \(formatName.rulesQuoted()); use one of \(FeedFormat.quotedNames)")
        }
        let outputsObject = try root.object("outputs")
        var outputs: [FeedFormat: String] = [:]
        for candidate in FeedFormat.allCases {
            guard let value = Self.requiredOutputs.contains(candidate)
                ? try outputsObject.value(candidate.rawValue) : outputsObject.optionalValue(candidate.rawValue) else {
                outputs[candidate] = Self.defaultOutputs[candidate] ?? "feeds/weights.\(candidate.rawValue)"
                continue
            }
            let path = try value.string()
            guard !path.isEmpty, !path.hasSuffix("/"), !path.utf8.contains(0) else {
                throw value.error("expected the path of a file, found \(path.rulesQuoted())")
            }
            outputs[candidate] = path
        }
        try outputsObject.rejectUnknownKeys()
        let maxExtensions = try root.optionalInt("max_extensions", in: 0...365) ?? Self.defaultMaxExtensions
        let fallback = try FallbackRouting(try root.optionalObject("fallback"), floor: floor, ceiling: ceiling)
        let afterPublish = try Self.afterPublish(root.optionalValue("after_publish"))
        let afterPublishTimeout = try root.optionalInt("after_publish_timeout_seconds", in: Self.afterPublishTimeoutLimits)
            ?? Self.defaultAfterPublishTimeoutSeconds
        let freeswitch = try FreeSWITCHTierRules(settings: try root.optionalObject("freeswitch"))
        let asterisk = try root.optionalObject("asterisk").map { object throws(RulesError) in try AsteriskQueueRules(settings: object) }

        self.floor = floor
        self.ceiling = ceiling
        self.fullAt = fullAt
        self.floorAt = floorAt
        self.insufficientWeight = insufficient
        self.maxStep = maxStep
        self.validHours = validHours
        self.keep = keep
        self.maxTrafficMovedPercent = trafficMoved
        self.maxAgentsRemovedPercent = agentsRemoved
        self.format = format
        self.outputs = outputs
        self.maxExtensions = maxExtensions
        self.fallback = fallback
        self.afterPublish = afterPublish
        self.afterPublishTimeoutSeconds = afterPublishTimeout
        self.freeswitch = freeswitch
        self.asterisk = asterisk ?? AsteriskQueueRules()
    }

    /// `after_publish`: an array of one or more non-empty strings (the program, then its
    /// arguments). A string is refused: it would need a shell to split it, and CallMeter runs none.
    private static func afterPublish(_ value: RuleValue?) throws(RulesError) -> [String]? {
        guard let value else { return nil }
        if case .string(let text) = value.json.kind {
            throw value.error("expected an array of the program and its arguments, such as [\"kamcmd\", \"dispatcher.reload\"], "
                              + "found the string \(text.rulesQuoted()): the command is run without a shell, so write each word "
                              + "as its own string")
        }
        let elements = try value.array()
        guard !elements.isEmpty else {
            throw value.error("expected at least the program to run, such as [\"kamcmd\", \"dispatcher.reload\"]; "
                              + "remove the key to run nothing after a publish")
        }
        var argv: [String] = []
        for element in elements {
            let word = try element.string()
            guard !word.isEmpty, !word.utf8.contains(0) else {
                throw element.error("expected a non-empty string without NUL characters")
            }
            argv.append(word)
        }
        return argv
    }

    /// Rules built in code, for tests.
    package init(
        floor: Int = 20, ceiling: Int = 100, fullAt: Int = 80, floorAt: Int = 40, insufficientWeight: Int = 100,
        maxStep: Int = 20, validHours: Int = 36, keep: Int = 7, maxTrafficMovedPercent: Int = 25,
        maxAgentsRemovedPercent: Int = 20, format: FeedFormat = .kamailio,
        outputs: [FeedFormat: String] = defaultOutputs,
        maxExtensions: Int = defaultMaxExtensions, fallback: FallbackRouting = FallbackRouting(),
        afterPublish: [String]? = nil, afterPublishTimeoutSeconds: Int = 30, freeswitch: FreeSWITCHTierRules = FreeSWITCHTierRules(),
        asterisk: AsteriskQueueRules = AsteriskQueueRules()
    ) {
        self.floor = floor
        self.ceiling = ceiling
        self.fullAt = fullAt
        self.floorAt = floorAt
        self.insufficientWeight = insufficientWeight
        self.maxStep = maxStep
        self.validHours = validHours
        self.keep = keep
        self.maxTrafficMovedPercent = maxTrafficMovedPercent
        self.maxAgentsRemovedPercent = maxAgentsRemovedPercent
        self.format = format
        self.outputs = outputs
        self.maxExtensions = maxExtensions
        self.fallback = fallback
        self.afterPublish = afterPublish
        self.afterPublishTimeoutSeconds = afterPublishTimeoutSeconds
        self.freeswitch = freeswitch
        self.asterisk = asterisk
    }
}
