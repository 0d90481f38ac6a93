public import Foundation

/// What `generateSyntheticCenter` wrote.
public struct GeneratedSummary: Equatable, Sendable {
    /// Rows in `agents.csv` (and `truth.csv`).
    public let agents: Int
    /// Agents with `active=true`; only they take calls.
    public let activeAgents: Int
    /// Rows in `cdr.csv`.
    public let calls: Int
    /// Calls with at least one rating.
    public let ratedCalls: Int
    /// Rows in `ratings.csv` (`overall` plus `resolved` rows).
    public let ratings: Int
    /// The files written, in the order they were published: agents, truth, ratings, cdr.
    public let files: [URL]
}
