package import Foundation

/// A commitment with no login at all: not one second of the agent logged in (paused or not)
/// within it. Cut to the period like every figure of the report.
package struct NoShow: Sendable, Hashable {
    package var agentID: String
    /// Unix seconds UTC.
    package var start: Int64
    package var end: Int64
    /// The local date of `start` in the center's zone.
    package var localDate: CalendarDate
    /// `2026-11-03 22:00` in the center's zone.
    package var localStart: String
    package var localEnd: String

    package var seconds: Int64 { end - start }
}

/// How well one agent kept their commitments over a period.
package struct AgentAdherence: Sendable, Hashable {
    /// What the sessions say; nil when the agent has no session data (see `AdherenceMaths`).
    package struct Sessions: Sendable, Hashable {
        /// Logged in and not paused within commitments.
        package var availableInCommitmentSeconds: Int64
        /// Logged in (paused or not) within commitments.
        package var loggedInInCommitmentSeconds: Int64
        /// Logged in (paused or not) in the period outside every commitment.
        package var loggedInOutsideSeconds: Int64
        /// By start.
        package var noShows: [NoShow]
    }

    package var agentID: String
    package var committedSeconds: Int64
    package var sessions: Sessions?

    /// Available in-commitment seconds ÷ committed seconds, in tenths of a percent rounded half
    /// up; nil without session data or without commitments.
    package var adherenceTenths: Int? {
        guard let sessions else { return nil }
        return Self.tenths(available: sessions.availableInCommitmentSeconds, committed: committedSeconds)
    }

    /// `available ÷ committed` in tenths of a percent, rounded half up; nil for nothing committed.
    package static func tenths(available: Int64, committed: Int64) -> Int? {
        guard committed > 0 else { return nil }
        return Int((available * 1_000 * 2 + committed) / (committed * 2))
    }
}

/// Adherence of every agent with commitments or sessions in a period.
package struct AdherenceReport: Sendable {
    /// The period asked for, as given (`2026-11`, `2026-W47`).
    package var period: String
    /// The period's instants: local midnight of its first day to that after its last.
    package var start: Int64
    package var end: Int64
    package var timeZone: TimeZone
    /// Whether the store holds any agent session at all (a `queue_log` was ingested).
    package var hasSessionData: Bool
    /// By `agent_id` (bytewise).
    package var agents: [AgentAdherence]
    /// The directory's names by `agent_id` ('' when it has none).
    package var names: [String: String] = [:]

    /// Committed and available in-commitment seconds of all agents with session data together.
    package var totalOfAgentsWithSessionData: (committed: Int64, available: Int64) {
        agents.reduce((0, 0)) { total, agent in
            guard let sessions = agent.sessions else { return total }
            return (total.0 + agent.committedSeconds, total.1 + sessions.availableInCommitmentSeconds)
        }
    }

    /// Every no-show, by agent then start.
    package var noShows: [NoShow] { agents.flatMap { $0.sessions?.noShows ?? [] } }
}
