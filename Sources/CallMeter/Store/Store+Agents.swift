/// The agent directory (`agents`): the Store's data, read by every part.
extension Store {
    /// The store's key of an agent id.
    package func agentKey(_ agentID: String) throws -> Int64? {
        try connection.firstRow("SELECT id FROM agents WHERE agent_id = :agent", [":agent": .text(agentID)]) { try $0.int64("id") }
    }

    /// Agent ids and names by key.
    package func agentDirectory() throws -> [Int64: (id: String, name: String?)] {
        let rows = try connection.rows("SELECT id, agent_id, name FROM agents") { row in
            (try row.int64("id"), (id: try row.text("agent_id"), name: try row.optionalText("name")))
        }
        return Dictionary(rows, uniquingKeysWith: { first, _ in first })
    }
}
