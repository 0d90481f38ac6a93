/// How the Asterisk feeds (asterisk-queues, asterisk-realtime) turn weights into app_queue
/// penalties: the optional `asterisk` object of `routing.json`. Every key is optional.
package struct AsteriskQueueRules: Sendable, Equatable {
    /// app_queue's strategies (`strategy =` in queues.conf).
    package enum Strategy: String, Sendable, CaseIterable {
        case ringall, leastrecent, fewestcalls, random, rrmemory, rrordered, linear, wrandom
    }

    /// The strategy of a queue not listed in `queues`. Default wrandom.
    package var defaultStrategy: Strategy = .wrandom
    /// Per queue name, the strategy set for it in queues.conf.
    package var strategies: [String: Strategy] = [:]
    /// For every strategy but wrandom: the penalty (tier) of each band. Default excellent, good and
    /// insufficient 0, watch 1, poor 2.
    package var bandPenalties: [ScoreBand: Int] = [.excellent: 0, .good: 0, .insufficient: 0, .watch: 1, .poor: 2]
    /// The highest penalty the wrandom search gives. Default 20.
    package var maxWrandomPenalty = 20

    static let penaltyLimits = 0...1000
    static let wrandomPenaltyLimits = 1...100

    package init() {}

    /// The strategy of queue `name`.
    package func strategy(of name: String) -> Strategy {
        strategies[name] ?? defaultStrategy
    }

    /// Reads the `asterisk` object; absent keys keep their defaults.
    package init(settings object: RuleObject) throws(RulesError) {
        func strategy(_ value: RuleValue) throws(RulesError) -> Strategy {
            let name = try value.string()
            guard let found = Strategy(rawValue: name) else {
                let hint = name == "roundrobin" ? " (app_queue reads the old \"roundrobin\" as \"rrmemory\": write that)" : ""
                throw value.error("unknown strategy \(name.rulesQuoted())\(hint); use one of "
                                  + Strategy.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))
            }
            return found
        }
        if let value = object.optionalValue("default_strategy") { defaultStrategy = try strategy(value) }
        if let queues = try object.optionalObject("queues") {
            for (name, value) in queues.entries() {
                guard ACDQueueList.isQueueName(name), name.lowercased() != "general" else {
                    throw queues.error("\(name.rulesQuoted()) is not a queue name (1 to \(ACDQueueList.maxNameBytes) letters, "
                                       + "digits, '-', '_' or '.', not \"general\"); name the queue as in queues.conf", at: name)
                }
                let settings = try value.object()
                strategies[name] = try strategy(try settings.value("strategy"))
                try settings.rejectUnknownKeys()
            }
            try queues.rejectUnknownKeys()
        }
        if let bands = try object.optionalObject("band_penalties") {
            for band in ScoreBand.allCases {
                if let penalty = try bands.optionalInt(band.rawValue, in: Self.penaltyLimits) { bandPenalties[band] = penalty }
            }
            try bands.rejectUnknownKeys()
        }
        if let limit = try object.optionalInt("max_wrandom_penalty", in: Self.wrandomPenaltyLimits) { maxWrandomPenalty = limit }
        try object.rejectUnknownKeys()
    }

    /// The settings as one line, for the rules digest.
    var digestText: String {
        let queues = strategies.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { "\($0):\(strategy(of: $0).rawValue)" }
        let bands = ScoreBand.allCases.map { "\($0.rawValue):\(bandPenalties[$0] ?? 0)" }
        return "asterisk=default_strategy:\(defaultStrategy.rawValue);queues:\(queues.joined(separator: "|"));"
            + "band_penalties:\(bands.joined(separator: "|"));max_wrandom_penalty:\(maxWrandomPenalty)"
    }
}
