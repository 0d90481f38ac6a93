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
    /// How the Asterisk feeds turn weights into queue penalties (the optional `asterisk` object).
    package var asterisk = AsteriskQueueRules()
    /// SHA-256 of the settings (not of the file: comments do not count), stored with each weight
    /// computation.
    package var sha256: String {
        let outputs = FeedFormat.allCases.map { "\($0.rawValue)=\(self.outputs[$0] ?? "")" }.joined(separator: ",")
        let text = "floor=\(floor),ceiling=\(ceiling),full_at=\(fullAt),floor_at=\(floorAt),insufficient_weight=\(insufficientWeight),"
            + "max_step=\(maxStep),valid_hours=\(validHours),keep=\(keep),max_traffic_moved_percent=\(maxTrafficMovedPercent),"
            + "max_agents_removed_percent=\(maxAgentsRemovedPercent),format=\(format.rawValue),outputs=\(outputs)"
            + (asterisk == AsteriskQueueRules() ? "" : "," + asterisk.digestText)
        return Crypto.hex(Crypto.sha256(Array(text.utf8)))
    }

    static let weightLimits = 1...1000

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
    static let optionalOutputs: [FeedFormat: String] = [
        .asteriskQueues: "feeds/queues_callmeter.conf", .asteriskRealtime: "feeds/queue_members.csv",
    ]

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
            throw formatValue.error("unknown format \(formatName.rulesQuoted()); use "
                                    + FeedFormat.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))
        }
        let outputsObject = try root.object("outputs")
        var outputs: [FeedFormat: String] = [:]
        for candidate in FeedFormat.allCases {
            if let path = Self.optionalOutputs[candidate], outputsObject.optionalValue(candidate.rawValue) == nil {
                outputs[candidate] = path
                continue
            }
            let value = try outputsObject.value(candidate.rawValue)
            let path = try value.string()
            guard !path.isEmpty, !path.hasSuffix("/"), !path.utf8.contains(0) else {
                throw value.error("expected the path of a file, found \(path.rulesQuoted())")
            }
            outputs[candidate] = path
        }
        try outputsObject.rejectUnknownKeys()
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
        self.asterisk = asterisk ?? AsteriskQueueRules()
    }

    /// Rules built in code, for tests.
    package init(
        floor: Int = 20, ceiling: Int = 100, fullAt: Int = 80, floorAt: Int = 40, insufficientWeight: Int = 100,
        maxStep: Int = 20, validHours: Int = 36, keep: Int = 7, maxTrafficMovedPercent: Int = 25,
        maxAgentsRemovedPercent: Int = 20, format: FeedFormat = .kamailio,
        outputs: [FeedFormat: String] = RoutingRules.optionalOutputs.merging(
            [.csv: "feeds/weights.csv", .json: "feeds/weights.json", .kamailio: "feeds/dispatcher.list"]) { first, _ in first },
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
        self.asterisk = asterisk
    }
}
