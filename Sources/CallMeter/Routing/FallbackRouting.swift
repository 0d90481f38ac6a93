/// The backup routing of `callmeter weights fallback`, from the optional `fallback` object of
/// `routing.json`: one weight for every active agent (default: the ceiling), overridden per
/// dispatcher set and per agent (an agent's pin wins over its set's). Weights lie in
/// floor...ceiling. Which agents and sets exist is only known from the directory at fallback time:
/// each pin keeps the error to give, at its place in the file, when it names none.
package struct FallbackRouting: Sendable, Equatable {
    /// One pin of the file: the agent id or the set number, its weight, and the error naming its
    /// `routing.json:LINE:COLUMN` for when the directory has no such agent (or no active agent in
    /// such a set).
    package struct Pin: Sendable, Equatable {
        package let key: String
        package let weight: Int
        package let unknown: RulesError
    }

    /// The weight of every agent no pin names; nil: the ceiling.
    package let weight: Int?
    package let agents: [Pin]
    package let sets: [Pin]

    package init(weight: Int? = nil, agents: [Pin] = [], sets: [Pin] = []) {
        self.weight = weight
        self.agents = agents
        self.sets = sets
    }

    /// Reads `fallback` of `routing.json` (absent: every agent at the ceiling).
    init(_ object: RuleObject?, floor: Int, ceiling: Int) throws(RulesError) {
        guard let object else {
            self.init()
            return
        }
        let weights = floor...ceiling
        let weight = try object.optionalInt("weight", in: weights)
        var agents: [Pin] = []
        if let pins = try object.optionalObject("agents") {
            for (key, value) in pins.entries() {
                guard !key.isEmpty else { throw value.error("an agent id is needed, not an empty key") }
                agents.append(Pin(
                    key: key, weight: try value.int(in: weights),
                    unknown: value.error("no agent \(key.rulesQuoted()) in the agent directory: fix the id or remove the pin")))
            }
        }
        var sets: [Pin] = []
        if let pins = try object.optionalObject("sets") {
            for (key, value) in pins.entries() {
                guard let number = Int(key), number >= 0, String(number) == key else {
                    throw value.error("a dispatcher set is a whole number as in the directory's dispatch_set, not \(key.rulesQuoted())")
                }
                sets.append(Pin(
                    key: key, weight: try value.int(in: weights),
                    unknown: value.error("no active agent in dispatcher set \(number) of the agent directory: fix the number or remove the pin")))
            }
        }
        try object.rejectUnknownKeys()
        self.init(weight: weight, agents: agents, sets: sets)
    }
}
