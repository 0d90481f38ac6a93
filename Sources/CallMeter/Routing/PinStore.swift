/// Storing pins. A newer pin of an agent replaces (removes) the one in force.
extension RoutingDatabase {
    private static func pin(_ row: Statement) -> WeightPin {
        WeightPin(
            id: row.int64(0), agentID: row.text(1), weight: Int(clamping: row.int64(2)), reason: row.text(3),
            until: row.optionalText(4).flatMap { CalendarDate($0) }, pinnedBy: row.text(5), pinnedAt: row.int64(6),
            removedBy: row.optionalText(7), removedAt: row.optionalInt64(8))
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
        try connection.cached("""
            SELECT p.id, a.agent_id, p.weight, p.reason, p.until, p.pinned_by, p.pinned_at, p.removed_by, p.removed_at
            FROM weight_pins p JOIN agents a ON a.id = p.agent
            WHERE (?1 IS NULL AND p.removed_at IS NULL) OR p.agent = ?1
            ORDER BY p.id
            """).rows([agentRowID.map(SQLValue.int) ?? .null], Self.pin)
    }

    /// Removes the open pins of an agent; returns how many. Call inside a transaction.
    @discardableResult
    func removePins(agentRowID: Int64, by user: String, at now: Int64) throws -> Int {
        try connection.cached("""
            UPDATE weight_pins SET removed_by = ?, removed_at = ? WHERE agent = ? AND removed_at IS NULL
            """).run([.text(user), .int(now), .int(agentRowID)])
        return connection.changes
    }

    /// Adds a pin. Call inside a transaction, after removing the open ones.
    func insertPin(agentRowID: Int64, weight: Int, reason: String, until: CalendarDate?, by user: String, at now: Int64) throws -> Int64 {
        try connection.cached("""
            INSERT INTO weight_pins (agent, weight, reason, until, pinned_by, pinned_at) VALUES (?, ?, ?, ?, ?, ?)
            """).run([.int(agentRowID), .int(Int64(weight)), .text(reason), .text(until?.description), .text(user), .int(now)])
        return connection.lastInsertRowID
    }
}
