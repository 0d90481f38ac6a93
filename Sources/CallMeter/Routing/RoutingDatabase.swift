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
    /// The app_queue member interface (`PJSIP/1001`), if the directory gives one.
    var asteriskInterface: String? = nil
    /// The ACD queues the agent is a member of, sorted; empty: none.
    var queues: [String] = []
}

extension RoutingDatabase {
    /// Every agent, by agent ID.
    func directory() throws -> [String: DirectoryAgent] {
        let rows = try connection.rows("""
            SELECT id, agent_id, sip_uri, active, dispatch_set, in_directory, asterisk_interface, queues FROM agents
            """) { row in
            DirectoryAgent(
                rowID: try row.int64("id"), agentID: try row.text("agent_id"), sipURI: try row.optionalText("sip_uri"),
                active: try row.bool("active"), dispatchSet: Int(clamping: try row.int64("dispatch_set")),
                inDirectory: try row.bool("in_directory"), asteriskInterface: try row.optionalText("asterisk_interface"),
                queues: ACDQueueList.names(stored: try row.optionalText("queues")))
        }
        return Dictionary(rows.map { ($0.agentID, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func agentRowID(_ agentID: String) throws -> Int64? {
        try connection.scalarInt("SELECT id FROM agents WHERE agent_id = ?", [.text(agentID)])
    }
}
