/// Pinning and unpinning.
extension Weights {
    /// Pins `agentID` to `weight` from now on (through local date `until`, if given), replacing a
    /// pin in force. `reason` is required: one line of text.
    @discardableResult
    package func pin(agentID: String, weight: Int, reason: String, until: CalendarDate?) throws -> WeightPin {
        guard (rules.floor...rules.ceiling).contains(weight) else {
            throw RoutingError.pinOutOfRange(weight: weight, floor: rules.floor, ceiling: rules.ceiling)
        }
        let trimmed = try Self.checkedReason(reason, missing: "must say why the weight is pinned")
        let today = today
        if let until, until < today { throw RoutingError.pinUntilPassed(until: until.description, today: today.description) }
        let time = now()
        return try store.connection.transaction {
            guard let row = try database.agentRowID(agentID) else { throw RoutingError.unknownAgent(agentID) }
            try database.removePins(agentRowID: row, by: user, at: time)
            let id = try database.insertPin(agentRowID: row, weight: weight, reason: trimmed, until: until, by: user, at: time)
            return WeightPin(
                id: id, agentID: agentID, weight: weight, reason: trimmed, until: until, pinnedBy: user, pinnedAt: time,
                removedBy: nil, removedAt: nil)
        }
    }

    /// Whether the agent directory lists `agentID` as inactive: the feed leaves such an agent out, so
    /// a pin on it has no effect until the directory makes it active again (`weights pin` warns).
    package func isInactiveInDirectory(agentID: String) throws -> Bool {
        guard let agent = try database.directory()[agentID] else { return false }
        return agent.inDirectory && !agent.active
    }

    /// Removes the pin of `agentID`; returns the pin that was in force.
    @discardableResult
    package func unpin(agentID: String) throws -> WeightPin {
        let today = today
        let time = now()
        return try store.connection.transaction {
            guard let row = try database.agentRowID(agentID) else { throw RoutingError.unknownAgent(agentID) }
            guard let pin = try database.openPins()[agentID], pin.applies(on: today) else {
                throw RoutingError.notPinned(agentID)
            }
            try database.removePins(agentRowID: row, by: user, at: time)
            return pin
        }
    }

    /// A reason as recorded: trimmed, one line without control characters, at most 500
    /// characters; `missing` says what an empty one lacks.
    static func checkedReason(_ reason: String, missing: String) throws(RoutingError) -> String {
        let trimmed = reason.trimmingSpaces
        guard !trimmed.isEmpty else { throw RoutingError.badPinReason(missing) }
        guard trimmed.unicodeScalars.allSatisfy({ $0.value >= 0x20 && !(0x7F...0x9F).contains($0.value) }) else {
            throw RoutingError.badPinReason("must be one line of text, without control characters")
        }
        guard trimmed.unicodeScalars.count <= 500 else { throw RoutingError.badPinReason("is longer than 500 characters") }
        return trimmed
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }),
              let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        return String(scalars[first...last])
    }

}
