package import Foundation

/// Adherence as pure functions of commitments and agent sessions: who was available when they had
/// committed to be.
///
/// - *Logged in*: the union of an agent's logged-in sessions (several queues at once count once).
/// - *Available*: logged in and not paused. A pause of queue Q takes the agent out of Q only; a
///   pause in all queues (PAUSEALL, queue '') out of every queue; a login not tied to a queue
///   (AGENTLOGIN) is paused by any pause, since the queues it serves are not in the data. The agent
///   is available while at least one membership is not paused.
/// - Per agent over `[start, end)`: committed seconds, available seconds within commitments,
///   logged-in seconds outside every commitment, and the no-shows: stretches of committed time
///   (adjoining commitments form one stretch, whatever their hotlines; cut to the period) with not
///   one logged-in second in them.
/// - *Adherence* = available in-commitment seconds ÷ committed seconds.
/// - An agent with no session data (`agentsWithSessionData` does not hold them) gets no figures
///   from sessions at all: "no session data", never 0 %.
package enum AdherenceMaths {
    /// One agent's logged-in and available time from their sessions (other agents' sessions are
    /// ignored by the caller; kinds and queues as in `agent_sessions`).
    package static func loggedInAndAvailable(_ sessions: [AgentSessionInterval]) -> (loggedIn: TimeRanges, available: TimeRanges) {
        let loggedIn = sessions.filter { $0.kind == .loggedIn }
        let paused = sessions.filter { $0.kind == .paused }
        let allQueuesPaused = TimeRanges(paused.filter { $0.queue.isEmpty }.map(\.range))
        let anyPause = TimeRanges(paused.map(\.range))
        var available = TimeRanges([])
        for (queue, members) in Dictionary(grouping: loggedIn, by: \.queue) {
            let pauses = queue.isEmpty ? anyPause : allQueuesPaused.union(TimeRanges(paused.filter { $0.queue == queue }.map(\.range)))
            available = available.union(TimeRanges(members.map(\.range)).subtracting(pauses))
        }
        return (TimeRanges(loggedIn.map(\.range)), available)
    }

    /// Per agent with commitments or sessions in `[window)`, by `agent_id` (bytewise).
    ///
    /// - Parameters:
    ///   - commitments: merged per agent (never overlapping), in any order; cut to the window.
    ///   - sessions: of any agents, in any order; cut to the window.
    ///   - agentsWithSessionData: agents whose absence of sessions means they were not logged in;
    ///     for the others, committed time is all that is known.
    ///   - zone: the center's, for the no-shows' local dates and times.
    package static func adherence(
        commitments: [CommittedInterval], sessions: [AgentSessionInterval], agentsWithSessionData: Set<String>,
        window: Range<Int64>, zone: TimeZone
    ) -> [AgentAdherence] {
        let committedByAgent = Dictionary(grouping: commitments, by: \.agentID)
        let sessionsByAgent = Dictionary(grouping: sessions, by: \.agentID)
        let agents = Set(committedByAgent.keys).union(sessionsByAgent.keys.filter { agentsWithSessionData.contains($0) })
        return agents.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.compactMap { agent in
            let pieces = (committedByAgent[agent] ?? []).map { $0.start..<max($0.start, $0.end) }
                .map { $0.clamped(to: window) }.filter { !$0.isEmpty }.sorted { $0.lowerBound < $1.lowerBound }
            let committed = TimeRanges(pieces)
            var result = AgentAdherence(agentID: agent, committedSeconds: committed.seconds, sessions: nil)
            guard agentsWithSessionData.contains(agent) else {
                return committed.isEmpty ? nil : result
            }
            let (loggedIn, available) = loggedInAndAvailable(sessionsByAgent[agent] ?? [])
            let loggedInWindow = loggedIn.clipped(to: window)
            let noShows = committed.ranges.filter { !loggedInWindow.overlaps($0) }.map { piece in
                NoShow(agentID: agent, start: piece.lowerBound, end: piece.upperBound,
                       localDate: CalendarDate(containing: piece.lowerBound, in: zone),
                       localStart: localMinute(piece.lowerBound, zone), localEnd: localMinute(piece.upperBound, zone))
            }
            result.sessions = AgentAdherence.Sessions(
                availableInCommitmentSeconds: available.intersection(committed).seconds,
                loggedInInCommitmentSeconds: loggedInWindow.intersection(committed).seconds,
                loggedInOutsideSeconds: loggedInWindow.subtracting(committed).seconds,
                noShows: noShows)
            if committed.isEmpty && loggedInWindow.isEmpty { return nil }
            return result
        }
    }

    /// `2026-11-03 22:00` in `zone`.
    static func localMinute(_ instant: Int64, _ zone: TimeZone) -> String {
        String(localTime(instant, zone).prefix(16))
    }
}
