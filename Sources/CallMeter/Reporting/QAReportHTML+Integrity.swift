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
            <h3>Flags <span class="muted">(\(flagged.count))</span></h3>
            \(list)
            """
    }
}
