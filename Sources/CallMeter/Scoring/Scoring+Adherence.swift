extension Scoring {
    /// Per agent key, for the `adherence` component: committed minutes in the window (`calls`) and
    /// those of them the agent was not available (`events`: not logged in, or paused), whole
    /// minutes rounded down, from `Capacity.adherence`. Agents without commitments or without
    /// session data are left out (they take the all-agent rate, like agents without calls in the
    /// other components).
    func adherence(window: ScoringWindow) throws -> [Int64: ScoringInput.Counts] {
        let report = try Capacity(store: store, timeZone: window.timeZone)
            .adherence(from: window.start, to: window.end, now: Store.nowMilliseconds() / 1000)
        let keys = Dictionary(try store.agentDirectory().map { ($0.value.id, $0.key) }, uniquingKeysWith: { first, _ in first })
        var counts: [Int64: ScoringInput.Counts] = [:]
        for agent in report.agents where agent.committedSeconds > 0 {
            guard let sessions = agent.sessions, let key = keys[agent.agentID] else { continue }
            let missed = agent.committedSeconds - sessions.availableInCommitmentSeconds
            counts[key] = ScoringInput.Counts(calls: Int(agent.committedSeconds / 60), events: Int(missed / 60))
        }
        return counts
    }
}
