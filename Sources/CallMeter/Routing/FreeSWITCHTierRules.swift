import Foundation

/// How the `freeswitch-tiers` feed names agents and queues for `mod_callcenter` and which tier
/// level each band gets: the optional `"freeswitch"` object of `routing.json`, every key optional.
///
/// `mod_callcenter` offers a caller to the agents of the lowest level first (every strategy
/// orders by level before anything else), so the better bands get the lower levels; within a
/// level, `position` orders the agents for `top-down`, `round-robin`,
/// `sequentially-by-agent-order` and `ring-progressively`.
package struct FreeSWITCHTierRules: Sendable, Equatable {
    /// The agent's `mod_callcenter` name, `{agent_id}` replaced: `a100@default`.
    package let agentTemplate: String
    /// The `mod_callcenter` queue of each of an agent's queues: `{queue}` replaced by the queue
    /// name of the directory's `queues` column (`defaultQueue` for an agent without), and
    /// `{dispatch_set}` by the agent's set: `support@default`.
    package let queueTemplate: String
    /// `{queue}` of an agent the directory puts in no queue.
    package let defaultQueue: String
    /// Tier level of each band.
    package let levels: [ScoreBand: Int]

    package static let defaultAgentTemplate = "{agent_id}@default"
    /// With `support`, the queue of FreeSWITCH's stock `callcenter.conf.xml`, `support@default`.
    package static let defaultQueueTemplate = "{queue}@default"
    package static let defaultDefaultQueue = "support"
    /// Insufficient (new, or too few ratings) is not punished, as its weight is not.
    package static let defaultLevels: [ScoreBand: Int] = [.excellent: 1, .good: 1, .insufficient: 1, .watch: 2, .poor: 3]
    static let levelLimits = 0...100

    package init(agentTemplate: String = defaultAgentTemplate, queueTemplate: String = defaultQueueTemplate,
                 defaultQueue: String = defaultDefaultQueue, levels: [ScoreBand: Int] = defaultLevels) {
        self.agentTemplate = agentTemplate
        self.queueTemplate = queueTemplate
        self.defaultQueue = defaultQueue
        self.levels = levels
    }

    /// Reads the `"freeswitch"` object; nil (absent) gives the defaults.
    init(settings object: RuleObject?) throws(RulesError) {
        guard let object else {
            self.init()
            return
        }
        var agent = Self.defaultAgentTemplate
        if let value = object.optionalValue("agent") {
            agent = try value.string()
            if let reason = Self.templateProblem(agent, placeholders: ["{agent_id}"], required: true) { throw value.error(reason) }
        }
        var queue = Self.defaultQueueTemplate
        if let value = object.optionalValue("queue") {
            queue = try value.string()
            if let reason = Self.templateProblem(queue, placeholders: ["{queue}", "{dispatch_set}"], required: false) {
                throw value.error(reason)
            }
        }
        var defaultQueue = Self.defaultDefaultQueue
        if let value = object.optionalValue("default_queue") {
            defaultQueue = try value.string()
            guard FreeSWITCHTiers.isCallcenterName(defaultQueue) else {
                throw value.error("expected a queue name made of letters, digits and \(FreeSWITCHTiers.nameSymbols), "
                                  + "found \(defaultQueue.rulesQuoted())")
            }
        }
        var levels = Self.defaultLevels
        if let levelsObject = try object.optionalObject("levels") {
            for band in ScoreBand.allCases {
                if let level = try levelsObject.optionalInt(band.rawValue, in: Self.levelLimits) { levels[band] = level }
            }
            try levelsObject.rejectUnknownKeys()
        }
        try object.rejectUnknownKeys()
        self.init(agentTemplate: agent, queueTemplate: queue, defaultQueue: defaultQueue, levels: levels)
    }

    /// Why `template` cannot make names (nil: it can): its text outside the placeholders must be
    /// a name `fs_cli` passes whole, and an agent template must hold `{agent_id}` so that two
    /// agents never share a name.
    static func templateProblem(_ template: String, placeholders: [String], required: Bool) -> String? {
        if required, let first = placeholders.first, !template.contains(first) {
            return "must contain \(first) (each agent needs a name of its own), found \(template.rulesQuoted())"
        }
        var literal = template
        for placeholder in placeholders { literal = literal.replacingOccurrences(of: placeholder, with: "") }
        if template.isEmpty || (!literal.isEmpty && !FreeSWITCHTiers.isCallcenterName(literal)) {
            return "expected a mod_callcenter name made of letters, digits and \(FreeSWITCHTiers.nameSymbols) around "
                + "\(placeholders.joined(separator: " and ")), found \(template.rulesQuoted())"
        }
        return nil
    }

    /// The `mod_callcenter` name of an agent.
    func agentName(_ agentID: String) -> String {
        agentTemplate.replacingOccurrences(of: "{agent_id}", with: agentID)
    }

    /// The `mod_callcenter` queue of directory queue `queue` (nil: the agent is in none) for an
    /// agent of `dispatchSet`.
    func queueName(_ queue: String?, dispatchSet: Int) -> String {
        queueTemplate.replacingOccurrences(of: "{queue}", with: queue ?? defaultQueue)
            .replacingOccurrences(of: "{dispatch_set}", with: String(dispatchSet))
    }

    /// The level of a band as stored. A feed without scores (`weights fallback`: band
    /// "fallback") judges nobody, so its agents get the level of `insufficient`, the band of
    /// agents not judged — as the Asterisk feeds give them its penalty.
    func level(band: String) -> Int {
        levels[ScoreBand(rawValue: band) ?? .insufficient] ?? 1
    }

    /// For the rules digest: the settings in a fixed order.
    var digestText: String {
        "agent=\(agentTemplate),queue=\(queueTemplate),default_queue=\(defaultQueue),levels="
            + ScoreBand.allCases.map { "\($0.rawValue):\(levels[$0] ?? 0)" }.joined(separator: ";")
    }
}
