/// What routing needs from one scoring run: the seam between scoring and routing.
///
/// Routing never reads the scoring tables except through a `ScoringRunSource`, so the weights can
/// be computed (and tested) from snapshots built by hand.
public struct ScoringRunSnapshot: Sendable, Equatable {
    public struct Agent: Sendable, Equatable {
        /// The directory's `agent_id`.
        public let agentID: String
        /// The score in tenths of a point (`634` is 63.4), 0...1000; nil when the agent has none.
        public let scoreTenths: Int?
        /// The band name from the scoring rules; `insufficient` means too few ratings to judge.
        public let band: String

        public init(agentID: String, scoreTenths: Int?, band: String) {
            self.agentID = agentID
            self.scoreTenths = scoreTenths
            self.band = band
        }
    }

    /// The band of agents with too few ratings (and of agents without a score).
    public static let insufficientBand = "insufficient"

    /// The run's id in the scoring tables.
    public let runID: Int64
    /// The run's as-of date, `YYYY-MM-DD`, a local date in the center's time zone.
    public let asOf: String
    public let agents: [Agent]

    public init(runID: Int64, asOf: String, agents: [Agent]) {
        self.runID = runID
        self.asOf = asOf
        self.agents = agents
    }
}

/// Where scoring runs come from.
package protocol ScoringRunSource {
    /// The run with the latest as-of date, or nil when there is none.
    func latestRun() throws -> ScoringRunSnapshot?
    /// The run of as-of date `asOf` (`YYYY-MM-DD`), or nil when that date was not scored.
    func run(asOf: String) throws -> ScoringRunSnapshot?
}

/// Snapshots held in memory, for tests and for callers that have just scored.
package struct FixedScoringRuns: ScoringRunSource {
    package let runs: [ScoringRunSnapshot]

    package init(_ runs: [ScoringRunSnapshot]) { self.runs = runs }

    package func latestRun() -> ScoringRunSnapshot? {
        runs.max { ($0.asOf, $0.runID) < ($1.asOf, $1.runID) }
    }

    package func run(asOf: String) -> ScoringRunSnapshot? {
        runs.filter { $0.asOf == asOf }.max { $0.runID < $1.runID }
    }
}
