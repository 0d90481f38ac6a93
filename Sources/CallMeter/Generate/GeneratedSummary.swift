package import Foundation

/// What `generateSyntheticCenter` wrote.
package struct GeneratedSummary: Equatable, Sendable {
    /// Rows in `agents.csv` (and `truth.csv`).
    package let agents: Int
    /// Agents with `active=true`; only they take calls.
    package let activeAgents: Int
    /// Rows in `cdr.csv`.
    package let calls: Int
    /// Calls with at least one rating.
    package let ratedCalls: Int
    /// Rows in `ratings.csv` (`overall` plus `resolved` rows).
    package let ratings: Int
    /// The agents with a planted survey-gaming behaviour, by agent number; empty unless `plantIntegrity`.
    package let planted: [PlantedAgent]
    /// The files written, in the order they were published: agents, truth, commitments, truth-gaps,
    /// queue_log, truth-no-shows, ratings, cdr.
    package let files: [URL]
}
