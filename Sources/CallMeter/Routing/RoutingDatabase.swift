/// The routing tables of the store (weight runs, pins, published feeds) and the agent directory
/// as routing reads it. Every query binds its values.
struct RoutingDatabase {
    let connection: Connection
}

/// An agent of the directory, as the feed needs it.
struct DirectoryAgent: Equatable {
    let rowID: Int64
    let agentID: String
    let sipURI: String?
    let active: Bool
    let dispatchSet: Int
    /// False for an agent known only from call records.
    let inDirectory: Bool
}

extension RoutingDatabase {
    /// Every agent, by agent ID.
    func directory() throws -> [String: DirectoryAgent] {
        let rows = try connection.cached("""
            SELECT id, agent_id, sip_uri, active, dispatch_set, in_directory FROM agents
            """).rows { row in
                DirectoryAgent(
                    rowID: row.int64(0), agentID: row.text(1), sipURI: row.optionalText(2), active: row.int64(3) != 0,
                    dispatchSet: Int(clamping: row.int64(4)), inDirectory: row.int64(5) != 0)
            }
        return Dictionary(rows.map { ($0.agentID, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func agentRowID(_ agentID: String) throws -> Int64? {
        try connection.scalarInt("SELECT id FROM agents WHERE agent_id = ?", [.text(agentID)])
    }
}
