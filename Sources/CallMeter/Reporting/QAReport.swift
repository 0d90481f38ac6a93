package import Foundation

/// Everything the QA manager's report shows for one as-of date, gathered from the store by
/// `Reporting.qaReport`. Plain values: rendering (`QAReportHTML`) reads nothing else.
package struct QAReport: Sendable {
    /// One agent of the table: every agent of the store, the scored ones first.
    package struct Agent: Sendable, Equatable {
        package let agentID: String
        package let name: String?
        /// The agent's result in the as-of run; nil when the run did not score it (no answered
        /// call in the window) or there is no run.
        package let score: StoredAgentScore?
        /// The change of score since the run before, in tenths.
        package let changeTenths: Int?
        /// The agent's score in each run of `trendDates` (nil where it had none), oldest first.
        package let trend: [Int?]
        /// Its weight in the published feed; nil when it is not in the feed or none is published.
        package let weight: PublishedWeights.Agent?
        /// The hotlines the directory lets the agent take (sorted); empty: every hotline.
        package var skills: [String] = []

        package var interval: WilsonInterval? {
            score.flatMap { WilsonInterval(successes: $0.satisfied, total: $0.ratings) }
        }
    }

    /// The figures at the top.
    package struct Headline: Sendable, Equatable {
        /// Agents in the as-of run, and of those the ones with a score (at least one rating).
        package let agentsScored: Int
        package let agentsWithScore: Int
        package let ratings: Int
        package let satisfied: Int
        /// Answered or transferred calls of the scored agents in the run's window.
        package let calls: Int
        /// Talk time of those calls.
        package let talkSeconds: Int64
        /// Agents per band, in `ScoreBand.allCases` order.
        package let bands: [Int]

        package var csatTenths: Int? {
            guard ratings > 0 else { return nil }
            return (satisfied * 2000 + ratings) / (2 * ratings)
        }

        package func count(_ band: ScoreBand) -> Int {
            ScoreBand.allCases.firstIndex(of: band).map { bands[$0] } ?? 0
        }
    }

    /// The date asked for (or the latest run's); the pay period is the one holding it.
    package let asOf: CalendarDate
    /// The scoring run shown: the latest on or before `asOf`; nil when there is none.
    package let run: StoredScoreRun?
    /// When the report was made (from the caller's clock): the only instant on the page that is
    /// not in the data.
    package let generatedAt: Date
    /// The center's time zone (IANA name).
    package let timeZone: String
    /// The band thresholds of the scoring rules, best first.
    package let bands: [BandThreshold]
    /// True when the run was scored with other scoring rules than the ones loaded now.
    package let rulesDiffer: Bool
    package let headline: Headline
    package let histogram: ScoreHistogram
    /// Dates of the runs the sparklines show (at most `trendRuns`), oldest first.
    package let trendDates: [CalendarDate]
    /// Scored agents by score (best first), then agents without a score, then agents the run did
    /// not score; ties by agent id.
    package let agents: [Agent]
    package let attention: NeedsAttention
    package let pay: PayPeriodSoFar.Outcome
    /// The feed shown; nil when none is published.
    package let feed: PublishedWeights?
    /// Why the feed could not be read, when it could not.
    package let feedProblem: String?
    /// Next week's coverage (the ISO week after `asOf`), or why it could not be planned; nil when
    /// the caller did not ask for it.
    package var coverage: CoverageOutcome?
    /// Fallback, renewed feeds, CRITICAL (a banner at the top); nil when they could not be read.
    package var continuity: RoutingContinuity?
    /// Survey integrity stored with the shown run (empty for a run stored before integrity was
    /// kept, or without a run), by agent id.
    package var integrity: [StoredAgentIntegrity] = []
    /// Per agent id: how many of the runs the sparklines show flagged it (any flag), and of how
    /// many runs that kept integrity.
    package var integrityFlaggedRuns: [String: Int] = [:]
    package var integrityRuns = 0
    /// The `sigma` the shown run's limits were drawn with; nil without stored integrity.
    package var integritySigma: Double?

    package enum CoverageOutcome: Sendable {
        case unavailable(String)
        case report(CoverageReport)
    }

    /// How many runs a sparkline shows.
    package static let trendRuns = 14

    /// Feed age in seconds at `generatedAt` (negative when the feed is newer than the clock); nil
    /// without a feed or for a time stamp too far off to subtract.
    package var feedAgeSeconds: Int64? {
        guard let feed else { return nil }
        let age = Int64(generatedAt.timeIntervalSince1970.rounded(.down)).subtractingReportingOverflow(feed.generatedAt)
        return age.overflow ? nil : age.partialValue
    }
}
