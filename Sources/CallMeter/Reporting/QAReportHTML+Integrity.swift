import Foundation

/// The report's survey-integrity section: the flags stored with the shown run, the figures behind
/// them, and how often each flagged agent was flagged in the runs the sparklines show.
extension QAReportHTML {
    static func integrity(_ report: QAReport) -> HTML {
        guard report.run != nil, !report.integrity.isEmpty else { return "" }
        let judged = report.integrity.filter(\.judged).count
        let flagged = report.integrity.filter { !$0.flags.isEmpty }
        let intro: HTML = """
            <p class="note">Each agent's survey response, agent-ended, transfer and short-call rates and top-rating share \
            against what peers on the same hotlines give at its hotline mix, within control limits for its own number \
            of calls. \(judged) of \(report.integrity.count) agents judged (the others had too few calls). \
            A flag is evidence to look at: it never changes a score or a weight.</p>
            """
        let items = flagged.map { entry -> HTML in
            let runs = report.integrityFlaggedRuns[entry.agentID] ?? 0
            let flags = HTML.join(entry.flags.map { flag -> HTML in
                let figures = HTML(text: IntegrityReport.evidence(AgentIntegrity.RaisedFlag(
                    flag: flag, figures: flag.evidence.compactMap { entry.figure($0) })))
                return "<li><strong>\(flag.rawValue)</strong>: \(figures)</li>"
            })
            return """
                <li>\(agentLabel(entry.agentID, entry.name)) <span class="muted">(\(ReportFormat.count(entry.calls, "call")); \
                flagged in \(runs) of the last \(report.integrityRuns) runs)</span><ul>\(flags)</ul></li>
                """
        }
        let list: HTML = items.isEmpty ? "<p>No agent flagged.</p>" : "<ul>\(HTML.join(items))</ul>"
        return """
            <h2>Survey integrity</h2>
            \(intro)
            \(funnel(report))
            <h3>Flags <span class="muted">(\(flagged.count))</span></h3>
            \(list)
            """
    }

    /// The response rate against connected calls, with the limits as curves around the all-agent
    /// response rate. Each agent's own expected rate follows its hotline mix, so its point is
    /// standardised (rate ÷ its expected rate × the all-agent rate): a point outside the curves is
    /// outside the agent's own limits, give or take the approximation. Agents flagged on their
    /// response rate (survey-avoidance, survey-solicitation) are labelled.
    static func funnel(_ report: QAReport) -> HTML {
        let responses = report.integrity.compactMap { entry in entry.figure(.response).map { (entry, $0) } }
        let calls = responses.reduce(0) { $0 + $1.1.n }
        guard calls > 0, let sigma = report.integritySigma else { return "" }
        let overall = Double(responses.reduce(0) { $0 + $1.1.events }) / Double(calls)
        let points = responses.compactMap { entry, figure -> FunnelPoint? in
            guard let observed = figure.observedShare else { return nil }
            let standardised = figure.expected.map { $0 > 0 ? observed / $0 * overall : observed } ?? observed
            let flagged = entry.flags.contains { $0.evidence.contains(.response) }
            return FunnelPoint(label: entry.agentID, n: figure.n, share: standardised, flagged: flagged)
        }
        let plot = FunnelPlot(points: points, expected: overall, sigma: sigma, title: "Survey response rate against connected calls",
                              xAxis: "connected calls", yAxis: "response rate (hotline mix standardised)")
        return """
            <figure>\(FunnelPlotSVG.render(plot))
            <figcaption>Survey response rate of each agent against its connected calls; the curves are the control limits \
            around the all-agent rate \(IntegrityReport.percent(overall)) %, which narrow as calls grow. Rates are standardised \
            for each agent's hotline mix. Labelled: flagged on the response rate.</figcaption></figure>
            """
    }
}
