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
    /// Talk, hold and wrap seconds of every call in `cdr.csv`: the agents' busy time.
    package let handledSeconds: Int
    /// The time the agents committed to on the generated days (not the week after them), DST
    /// changes counted: the time they are logged in, less no-shows and late logins.
    package let committedSeconds: Int
    /// Rows in `ratings.csv` (`overall` plus `resolved` rows).
    package let ratings: Int
    /// The agents with a planted survey-gaming behaviour, by agent number; empty unless `plantIntegrity`.
    package let planted: [PlantedAgent]
    /// The files written, in the order they were published: agents, truth, commitments, truth-gaps,
    /// queue_log, truth-no-shows, ratings, cdr.
    package let files: [URL]
}
