/// Storing pins. A newer pin of an agent replaces (removes) the one in force.
extension RoutingDatabase {
    private static func pin(_ row: Row) throws -> WeightPin {
        WeightPin(
            id: try row.int64("id"), agentID: try row.text("agent_id"), weight: Int(clamping: try row.int64("weight")),
            reason: try row.text("reason"), until: try row.optionalText("until").flatMap { CalendarDate($0) },
            pinnedBy: try row.text("pinned_by"), pinnedAt: try row.int64("pinned_at"),
            removedBy: try row.optionalText("removed_by"), removedAt: try row.optionalInt64("removed_at"))
    }

    /// The pins not removed, by agent ID (expired ones included: the caller knows the date).
    func openPins() throws -> [String: WeightPin] {
        let pins = try pins(agentRowID: nil)
        var byAgent: [String: WeightPin] = [:]
        for pin in pins { byAgent[pin.agentID] = pin }
        return byAgent
    }

    /// Every pin of an agent, oldest first; without an agent, the pins not removed of all agents.
    func pins(agentRowID: Int64?) throws -> [WeightPin] {
        try connection.rows("""
            SELECT p.id, a.agent_id, p.weight, p.reason, p.until, p.pinned_by, p.pinned_at, p.removed_by, p.removed_at
            FROM weight_pins p JOIN agents a ON a.id = p.agent
            WHERE (:agent IS NULL AND p.removed_at IS NULL) OR p.agent = :agent
            ORDER BY p.id
            """, [":agent": .int(agentRowID)], Self.pin)
    }

    /// Removes the open pins of an agent; returns how many. Call inside a transaction.
    @discardableResult
    func removePins(agentRowID: Int64, by user: String, at now: Int64) throws -> Int {
        try connection.run("""
            UPDATE weight_pins SET removed_by = :user, removed_at = :now WHERE agent = :agent AND removed_at IS NULL
            """, [":user": .text(user), ":now": .int(now), ":agent": .int(agentRowID)])
        return connection.changes
    }

    /// Adds a pin. Call inside a transaction, after removing the open ones.
    func insertPin(agentRowID: Int64, weight: Int, reason: String, until: CalendarDate?, by user: String, at now: Int64) throws -> Int64 {
        try connection.run("""
            INSERT INTO weight_pins (agent, weight, reason, until, pinned_by, pinned_at)
            VALUES (:agent, :weight, :reason, :until, :pinned_by, :pinned_at)
            """, [
                ":agent": .int(agentRowID), ":weight": .int(weight), ":reason": .text(reason), ":until": .text(until?.description),
                ":pinned_by": .text(user), ":pinned_at": .int(now),
            ])
        return connection.lastInsertRowID
    }
}
