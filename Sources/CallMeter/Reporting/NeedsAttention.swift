/// The lists of the report's "needs attention" section.
package struct NeedsAttention: Sendable, Equatable {
    /// An agent whose band is worse than in the run before (threshold bands only: a move to or from
    /// `insufficient` is not a drop).
    package struct BandDrop: Sendable, Equatable {
        package let agentID: String
        package let name: String?
        package let previousAsOf: CalendarDate
        package let from: ScoreBand
        package let to: ScoreBand
        package let fromTenths: Int?
        package let toTenths: Int?
    }

    /// An agent with a threshold band whose score is below `nearFloorBelowTenths`.
    package struct NearFloor: Sendable, Equatable {
        package let agentID: String
        package let name: String?
        package let scoreTenths: Int
        package let band: ScoreBand
    }

    /// An agent `insufficient` in every run it was in since `since`, more than `stuckDays` ago.
    package struct StuckInsufficient: Sendable, Equatable {
        package let agentID: String
        package let name: String?
        package let since: CalendarDate
        package let days: Int
        package let ratings: Int
    }

    package let droppedBand: [BandDrop]
    package let nearFloor: [NearFloor]
    /// The floor line: the lower edge of the second-lowest band plus `nearFloorMarginTenths` (with
    /// the shipped bands 55.0 + 5.0 = 60.0: every `poor` agent and `watch` agents below 60); nil when
    /// the rules have a single band.
    package let nearFloorBelowTenths: Int?
    package let stuckInsufficient: [StuckInsufficient]
    package let hotlines: [HotlineMovement]

    package static let nearFloorMarginTenths = 50
    /// More than this many days at `insufficient` is stuck.
    package static let stuckDays = 14

    package var isEmpty: Bool {
        droppedBand.isEmpty && nearFloor.isEmpty && stuckInsufficient.isEmpty && hotlines.isEmpty
    }

    /// Rank of a threshold band, best 0; nil for `insufficient`.
    static func rank(_ band: ScoreBand) -> Int? { ScoreBand.thresholdBands.firstIndex(of: band) }

    /// The agent lists from stored runs (scores by agent id), oldest first, the last being the as-of run.
    static func agents(
        runs: [(asOf: CalendarDate, scores: [String: StoredAgentScore])], bands: [BandThreshold], hotlines: [HotlineMovement]
    ) -> NeedsAttention {
        guard let current = runs.last else {
            return NeedsAttention(droppedBand: [], nearFloor: [], nearFloorBelowTenths: nil, stuckInsufficient: [], hotlines: hotlines)
        }
        let ids = current.scores.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }

        var drops: [BandDrop] = []
        if runs.count >= 2 {
            let previous = runs[runs.count - 2]
            for id in ids {
                guard let now = current.scores[id], let before = previous.scores[id],
                      let rankNow = rank(now.band), let rankBefore = rank(before.band), rankNow > rankBefore else { continue }
                drops.append(BandDrop(agentID: id, name: now.name, previousAsOf: previous.asOf, from: before.band, to: now.band,
                                      fromTenths: before.scoreTenths, toTenths: now.scoreTenths))
            }
            drops.sort { a, b in
                let stepsA = (rank(a.to) ?? 0) - (rank(a.from) ?? 0), stepsB = (rank(b.to) ?? 0) - (rank(b.from) ?? 0)
                if stepsA != stepsB { return stepsA > stepsB }
                return (a.toTenths ?? 0, a.agentID) < (b.toTenths ?? 0, b.agentID)
            }
        }

        var line: Int?
        if bands.count >= 2 { line = bands[bands.count - 2].minimumTenths + nearFloorMarginTenths }
        var near: [NearFloor] = []
        if let line {
            for id in ids {
                guard let score = current.scores[id], let tenths = score.scoreTenths, rank(score.band) != nil, tenths < line else { continue }
                near.append(NearFloor(agentID: id, name: score.name, scoreTenths: tenths, band: score.band))
            }
            near.sort { ($0.scoreTenths, $0.agentID) < ($1.scoreTenths, $1.agentID) }
        }

        var stuck: [StuckInsufficient] = []
        for id in ids {
            guard let score = current.scores[id], score.band == .insufficient else { continue }
            var since = current.asOf
            for run in runs.reversed() {
                guard let earlier = run.scores[id] else { continue }  // not in that run: no verdict either way
                guard earlier.band == .insufficient else { break }
                since = run.asOf
            }
            let days = current.asOf.daysSinceEpoch - since.daysSinceEpoch
            if days > stuckDays {
                stuck.append(StuckInsufficient(agentID: id, name: score.name, since: since, days: days, ratings: score.ratings))
            }
        }
        stuck.sort { ($0.since, $0.agentID) < ($1.since, $1.agentID) }

        return NeedsAttention(droppedBand: drops, nearFloor: near, nearFloorBelowTenths: line, stuckInsufficient: stuck, hotlines: hotlines)
    }
}
