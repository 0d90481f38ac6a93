package import Foundation

extension Reporting {
    /// How far back the report reads runs: enough to tell an agent stuck at `insufficient` for
    /// weeks, and the sparklines' `trendRuns`.
    static let reportHistoryRuns = 60

    /// Gathers the QA report for `asOf` (default: the latest stored run's date) from the stored
    /// scoring runs, the calls, the payroll of the period holding the date and the published weights.
    /// It scores nothing and stores nothing. `generatedAt` is the report's clock.
    ///
    /// `payroll` is the payroll configuration, or the reason it could not be loaded (shown in its
    /// section). A feed that cannot be read is shown as a problem, not thrown.
    package func qaReport(
        asOf requested: CalendarDate?, center: CenterRules, scoring: ScoringRules,
        payroll: Result<PayrollConfiguration, RulesError>, weights: any PublishedWeightsSource, generatedAt: Date,
        staffing: Result<StaffingRules, RulesError>? = nil
    ) throws -> QAReport {
        let zone = center.timeZone
        let history = try requested.map { try Scoring(store: store).scoreRuns(last: Self.reportHistoryRuns, through: $0) }
            ?? Scoring(store: store).scoreRuns(last: Self.reportHistoryRuns)
        let run = history.last
        let asOf = requested ?? run?.asOf ?? CalendarDate(containing: generatedAt, in: zone)

        var byRun: [(asOf: CalendarDate, scores: [String: StoredAgentScore])] = history.map { ($0.asOf, [:]) }
        var index: [CalendarDate: Int] = [:]
        for (i, stored) in history.enumerated() { index[stored.asOf] = i }
        for score in try Scoring(store: store).storedScores(runs: history) {
            if let i = index[score.asOf] { byRun[i].scores[score.agentID] = score }
        }
        let current = byRun.last?.scores ?? [:]
        let previous = byRun.count >= 2 ? byRun[byRun.count - 2].scores : [:]

        // Weights: a feed that cannot be read does not stop the report.
        var feed: PublishedWeights?
        var feedProblem: String?
        do {
            feed = try weights.publishedWeights(throughScoringRunOf: asOf)
        } catch {
            feedProblem = "\(error)"
        }

        // The table: every agent of the store.
        let trend = byRun.suffix(QAReport.trendRuns)
        var agents: [QAReport.Agent] = []
        let skills = try Capacity(store: store, timeZone: zone).skills()
        for entry in try store.agentDirectory().values {
            let score = current[entry.id]
            var change: Int?
            if let now = score?.scoreTenths, let before = previous[entry.id]?.scoreTenths { change = now - before }
            agents.append(QAReport.Agent(
                agentID: entry.id, name: score?.name ?? entry.name, score: score, changeTenths: change,
                trend: trend.map { $0.scores[entry.id]?.scoreTenths }, weight: feed?.agents[entry.id], skills: skills[entry.id] ?? []))
        }
        agents.sort(by: Self.reportOrder)

        // Headline.
        let scored = current.values.sorted { $0.agentID < $1.agentID }
        var bandCounts = Array(repeating: 0, count: ScoreBand.allCases.count)
        for score in scored {
            if let i = ScoreBand.allCases.firstIndex(of: score.band) { bandCounts[i] += 1 }
        }
        let talk = try run.map { try talkSeconds(from: $0.windowStart, to: $0.windowEnd) } ?? 0
        let headline = QAReport.Headline(
            agentsScored: scored.count, agentsWithScore: scored.filter { $0.scoreTenths != nil }.count,
            ratings: scored.reduce(0) { $0 + $1.ratings }, satisfied: scored.reduce(0) { $0 + $1.satisfied },
            calls: scored.reduce(0) { $0 + $1.calls }, talkSeconds: talk, bands: bandCounts)

        // Hotline names from tiers.json when payroll is configured.
        var hotlineNames: [String: String] = [:]
        var tierNames: [String: String] = [:]
        if case .success(let configuration) = payroll {
            for hotline in configuration.tiers.hotlines {
                if let name = hotline.name { hotlineNames[hotline.number] = name }
            }
            for tier in configuration.tiers.tiers { tierNames[tier.id] = tier.name }
        }
        let attention = NeedsAttention.agents(
            runs: byRun, bands: scoring.bands,
            hotlines: try hotlineMovements(asOf: asOf, timeZone: zone, names: hotlineNames, ratingScale: center.ratingScale))

        var report = QAReport(
            asOf: asOf, run: run, generatedAt: generatedAt, timeZone: zone.identifier, bands: scoring.bands,
            rulesDiffer: run.map { !scoring.sha256.isEmpty && $0.rulesSHA256 != scoring.sha256 } ?? false,
            headline: headline, histogram: ScoreHistogram(scored.map { ($0.scoreTenths, $0.band) }),
            trendDates: trend.map(\.asOf), agents: agents, attention: attention,
            pay: try paySoFar(asOf: asOf, payroll: payroll, tierNames: tierNames), feed: feed, feedProblem: feedProblem)
        // Like the feed: a problem reading it does not stop the report.
        report.continuity = try? weights.continuity()
        if let run {
            report.integrity = try Scoring(store: store).storedIntegrity(runs: [run])
            report.integritySigma = try Scoring(store: store).storedIntegritySigma(run: run)
            let shown = Array(history.suffix(QAReport.trendRuns))
            let stored = try Scoring(store: store).storedIntegrity(runs: shown)
            report.integrityRuns = Set(stored.map(\.asOf)).count
            for entry in stored where !entry.flags.isEmpty { report.integrityFlaggedRuns[entry.agentID, default: 0] += 1 }
        }
        switch staffing {
        case nil:
            break
        case .failure(let error)?:
            report.coverage = .unavailable(error.description)
        case .success(let rules)?:
            let week = ISOWeek(containing: asOf).adding(weeks: 1)
            report.coverage = .report(try Capacity(store: store, timeZone: zone).coverage(week: week, rules: rules))
        }
        return report
    }

    /// Scored agents by score (best first), then those without a score, then those not in the run;
    /// ties by agent id in byte order.
    static func reportOrder(_ a: QAReport.Agent, _ b: QAReport.Agent) -> Bool {
        func group(_ agent: QAReport.Agent) -> Int { agent.score == nil ? 2 : agent.score?.scoreTenths == nil ? 1 : 0 }
        if group(a) != group(b) { return group(a) < group(b) }
        let x = a.score?.scoreTenths ?? 0, y = b.score?.scoreTenths ?? 0
        if x != y { return x > y }
        return a.agentID.utf8.lexicographicallyPrecedes(b.agentID.utf8)
    }

    /// Talk time of connected (answered or transferred) calls with an agent that started in [start, end).
    func talkSeconds(from start: Int64, to end: Int64) throws -> Int64 {
        try connection.firstRow("""
            SELECT coalesce(sum(talk_seconds), 0) AS talk_seconds FROM connected_calls
            WHERE started_at >= :start AND started_at < :end AND agent IS NOT NULL
            """, [":start": .int(start), ":end": .int(end)]) { try $0.int64("talk_seconds") } ?? 0
    }

    /// The pay period of `asOf` through the end of that day; a payroll problem becomes the reason.
    private func paySoFar(
        asOf: CalendarDate, payroll: Result<PayrollConfiguration, RulesError>, tierNames: [String: String]
    ) throws -> PayPeriodSoFar.Outcome {
        let configuration: PayrollConfiguration
        switch payroll {
        case .success(let loaded): configuration = loaded
        case .failure(let error): return .unavailable(error.description)
        }
        let period = PayPeriod.containing(day: asOf, kind: configuration.rules.periodKind)
        let endOfDay = asOf.adding(days: 1).start(in: configuration.center.timeZone)
        do {
            let computed = try Payroll(store: store).payroll(for: period, configuration: configuration, callsStartedBefore: endOfDay)
            return .figures(try PayPeriodSoFar.summing(computed, through: asOf, tierNames: tierNames))
        } catch let error as PayrollError {
            return .unavailable(error.description)
        }
    }
}
