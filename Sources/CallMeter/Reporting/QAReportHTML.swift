import Foundation

/// The QA report as one self-contained HTML page: inline CSS and SVG, no script, no request of any
/// kind (a Content-Security-Policy forbids them too). Every string from the data goes through
/// `HTML` interpolation and is escaped. The same report gives the same bytes.
package enum QAReportHTML {
    /// - Parameter morning: for the daemon's morning page: its links to the other pages and what
    ///   arrived since the previous one (nil for `callmeter report`).
    package static func render(_ report: QAReport, morning: MorningPageNotes? = nil) -> String {
        let title = "CallMeter QA report \(report.asOf)"
        let page: HTML = """
            \(ReportStyle.documentStart(title: title, meta: morning.map { _ in "\n" + PageHeadline(report).meta } ?? HTML.empty))
            \(header(report))\(morning.map { "\n" + MorningPageHTML.notes($0, report: report) } ?? HTML.empty)
            \(headline(report))
            \(histogram(report))
            \(attention(report))
            \(agents(report))
            \(integrity(report))
            \(pay(report))
            \(coverage(report))
            \(footer(report, maker: morning == nil ? "callmeter report" : "callmeterd's nightly job"))
            </main>
            </body>
            </html>

            """
        return page.markup
    }

    // MARK: Sections

    static func header(_ report: QAReport) -> HTML {
        var notes: HTML = ""
        if let run = report.run {
            let first = CalendarDate(daysSinceEpoch: run.asOf.daysSinceEpoch - run.windowDays + 1)
            notes += "<p class=\"sub\">Scores of the run of \(run.asOf.description): \(run.windowDays) days from \(first.description) to \(run.asOf.description) (\(report.timeZone)) · generated \(ReportFormat.utcMinute(generatedSeconds(report)))</p>"
            if run.asOf != report.asOf {
                notes += "<p class=\"warn\">No run of \(report.asOf.description) is stored: this is the latest run before it, of \(run.asOf.description).</p>"
            }
            if report.rulesDiffer {
                notes += "<p class=\"warn\">This run was scored with other scoring rules than the current scoring.json (rules sha256 \(String(run.rulesSHA256.prefix(12)))): the bands below may not match the thresholds drawn.</p>"
            }
        } else {
            notes += "<p class=\"sub\">\(report.timeZone) · generated \(ReportFormat.utcMinute(generatedSeconds(report)))</p>"
            notes += "<p class=\"warn\">No scoring run is stored on or before \(report.asOf.description): run <code>callmeter score</code> first. Agents are listed without scores.</p>"
        }
        return "<header><h1>Quality report · \(report.asOf.description)</h1>\(continuity(report))\(notes)</header>"
    }

    /// The banner of a fallback, renewed feeds or a feed left to expire: first on the page, since
    /// someone must act on it. Nothing when routing follows fresh scores.
    static func continuity(_ report: QAReport) -> HTML {
        guard let continuity = report.continuity else { return .empty }
        let lines = continuity.lines(now: generatedSeconds(report))
        guard !lines.isEmpty else { return .empty }
        let title = continuity.isCritical ? "CRITICAL: routing feed not renewed"
            : continuity.fallback != nil ? "Routing is in FALLBACK" : "Routing feed renewed: no new weights"
        let items = HTML.join(lines.map { "<li>\($0)</li>" })
        return "<div class=\"warn\" role=\"alert\"><strong>\(title)</strong><ul>\(items)</ul></div>"
    }

    static func headline(_ report: QAReport) -> HTML {
        let h = report.headline
        func card(_ label: String, _ value: String, _ small: String? = nil, block: Bool = false) -> HTML {
            let extra: HTML = small.map { block ? "<small class=\"block\">\($0)</small>" : " <small>\($0)</small>" } ?? ""
            return "<div class=\"card\"><dt>\(label)</dt><dd>\(value)\(extra)</dd></div>"
        }
        var feedCard: HTML
        if let feed = report.feed {
            let ageText: String
            switch report.feedAgeSeconds {
            case let age? where age >= 0: ageText = "\(feed.format), \(ReportFormat.duration(age)) old"
            default: ageText = "\(feed.format), generated after this report's clock"
            }
            let stale = Int64(report.generatedAt.timeIntervalSince1970.rounded(.down)) > feed.validUntil ? ", expired" : ""
            feedCard = card("Routing feed", "v\(feed.version)", "\(ageText)\(stale)", block: true)
        } else if let problem = report.feedProblem {
            feedCard = card("Routing feed", "?", "cannot be read: \(problem)", block: true)
        } else {
            feedCard = card("Routing feed", "none", "no feed published yet", block: true)
        }
        var bandItems: [HTML] = []
        for band in ScoreBand.allCases {
            bandItems.append("<li>\(bandLabel(band)) <strong>\(h.count(band))</strong></li>")
        }
        return """
            <section aria-label="Headline figures">
            <dl class="cards">
            \(card("Agents scored", ReportFormat.grouped(h.agentsScored), h.agentsScored == h.agentsWithScore ? nil : "\(h.agentsWithScore) with a score"))\
            \(card("Ratings", ReportFormat.grouped(h.ratings)))\
            \(card("CSAT", h.csatTenths.map { ReportFormat.tenths($0) } ?? "–", h.csatTenths == nil ? nil : "%"))\
            \(card("Calls", ReportFormat.grouped(h.calls)))\
            \(card("Talk minutes", ReportFormat.wholeMinutes(h.talkSeconds)))\
            \(feedCard)
            </dl>
            <ul class="bandrow" aria-label="Agents per band">\(bandItems)</ul>
            </section>
            """
    }

    static func histogram(_ report: QAReport) -> HTML {
        let unscored = report.histogram.unscored
        let caption = "Agents by score in 5-point bins, coloured by band; dashed lines are the band thresholds."
            + (unscored > 0 ? " \(ReportFormat.count(unscored, "agent")) without a score (no ratings) not shown." : "")
        var legend: [HTML] = []
        var upper = 1000
        for threshold in report.bands {
            let range = "\(ReportFormat.tenths(threshold.minimumTenths))–\(ReportFormat.tenths(upper))"
            legend.append("<li>\(bandLabel(threshold.band)) <span class=\"muted\">\(range)</span> <strong>\(report.histogram.count(threshold.band))</strong></li>")
            upper = threshold.minimumTenths
        }
        legend.append("<li>\(bandLabel(.insufficient)) <span class=\"muted\">too few ratings</span> <strong>\(report.histogram.count(.insufficient))</strong></li>")
        return """
            <h2>Scores</h2>
            <figure>\(HistogramSVG.render(report.histogram, bands: report.bands))
            <ul class="legend" aria-label="Bands">\(legend)</ul>
            <figcaption>\(caption)</figcaption></figure>
            """
    }

    static func attention(_ report: QAReport) -> HTML {
        let a = report.attention
        func list(_ title: String, _ note: String, _ items: [HTML]) -> HTML {
            var body: HTML = items.isEmpty ? "<li class=\"none\">None.</li>" : HTML.join(Array(items.prefix(attentionShown)))
            if items.count > attentionShown {
                body += "<li class=\"none\">and \(items.count - attentionShown) more: see the table below.</li>"
            }
            return "<section><h3>\(title) <span class=\"muted\">(\(items.count))</span></h3><p class=\"note\">\(note)</p><ul>\(body)</ul></section>"
        }
        let previous = a.droppedBand.first.map { "Since the run of \($0.previousAsOf.description)." }
            ?? "Against the run before this one."
        let dropped = a.droppedBand.map { d -> HTML in
            "<li>\(agentLabel(d.agentID, d.name)): \(d.from.rawValue) → \(d.to.rawValue) (\(ReportFormat.tenths(d.fromTenths)) → \(ReportFormat.tenths(d.toTenths)))</li>"
        }
        let floorNote = a.nearFloorBelowTenths.map { "Score below \(ReportFormat.tenths($0)): the lowest band, or less than \(ReportFormat.tenths(NeedsAttention.nearFloorMarginTenths)) points above it." }
            ?? "The scoring rules have a single band."
        let near = a.nearFloor.map { n -> HTML in
            "<li>\(agentLabel(n.agentID, n.name)): \(ReportFormat.tenths(n.scoreTenths)), \(n.band.rawValue)</li>"
        }
        let stuck = a.stuckInsufficient.map { s -> HTML in
            "<li>\(agentLabel(s.agentID, s.name)): since \(s.since.description) (\(s.days) days), \(ReportFormat.count(s.ratings, "rating")) now</li>"
        }
        let hotlines = a.hotlines.map { m -> HTML in
            let name: HTML = m.name.map { " \($0)" } ?? ""
            return "<li><span class=\"id\">\(m.hotline)</span>\(name): \(ReportFormat.hundredths(m.earlierMeanHundredths)) → \(ReportFormat.hundredths(m.recentMeanHundredths)) (\(ReportFormat.signedHundredths(m.changeHundredths)); \(m.earlierRatings) and \(m.recentRatings) ratings)</li>"
        }
        let days = HotlineMovement.days
        return """
            <h2>Needs attention</h2>
            <div class="attention">
            \(list("Dropped a band", previous, dropped))
            \(list("Near the floor", floorNote, near))
            \(list("Insufficient for more than two weeks", "Too few ratings to judge, in every run for more than \(NeedsAttention.stuckDays) days.", stuck))
            \(list("Hotlines whose rating moved most", "Mean overall rating, the \(days) days before against the last \(days) days (at least \(HotlineMovement.minimumRatings) ratings in each).", hotlines))
            </div>
            """
    }

    /// The behaviour rates of a score whose rule components are on (shrunk rates, as scored).
    static func behaviour(_ score: StoredAgentScore?) -> [(label: String, tenths: Int)] {
        guard let score else { return [] }
        return [("repeat", score.repeatTenths), ("hang-up", score.hangupTenths), ("rang out", score.ringNoAnswerTenths)]
            .compactMap { label, tenths in tenths.map { (label, $0) } }
    }

    static func agents(_ report: QAReport) -> HTML {
        var rows: [HTML] = []
        var rank = 0
        // A column for the optional components only when the run scored with one.
        let showBehaviour = report.agents.contains { !behaviour($0.score).isEmpty }
        for agent in report.agents {
            var rankCell: HTML = "<td class=\"num rank\" data-label=\"Rank\"></td>"
            if agent.score?.scoreTenths != nil {
                rank += 1
                rankCell = "<td class=\"num rank\" data-label=\"Rank\">\(rank)</td>"
            }
            let name: HTML = agent.name.map { "<span class=\"name\">\($0)</span> " } ?? ""
            let skills: HTML = agent.skills.isEmpty ? "" : " <span class=\"skills\">(\(HotlineList.stored(agent.skills)))</span>"
            let agentCell: HTML = "<td class=\"agent\">\(name)<span class=\"id\">\(agent.agentID)</span>\(skills)</td>"

            let scoreCell: HTML
            let csatCell: HTML
            let bandCell: HTML
            if let score = agent.score {
                let change: HTML = agent.changeTenths.map { "<span class=\"change\">\(ReportFormat.signedTenths($0))</span>" } ?? ""
                scoreCell = "<td class=\"num\" data-label=\"Score\"><span>\(ReportFormat.tenths(score.scoreTenths))\(change)</span></td>"
                if let interval = agent.interval {
                    csatCell = "<td data-label=\"CSAT % (95 % interval)\"><span class=\"interval\">\(WilsonBarSVG.render(interval, band: score.band))<span class=\"num\">\(ReportFormat.tenths(interval.shareTenths))</span></span></td>"
                } else {
                    csatCell = "<td data-label=\"CSAT % (95 % interval)\"><span class=\"muted\">–</span></td>"
                }
                bandCell = "<td data-label=\"Band\">\(bandLabel(score.band))</td>"
            } else {
                scoreCell = "<td class=\"num\" data-label=\"Score\">–</td>"
                csatCell = "<td data-label=\"CSAT % (95 % interval)\"><span class=\"muted\">–</span></td>"
                bandCell = "<td data-label=\"Band\"><span class=\"muted\">not scored</span></td>"
            }
            let ratings = agent.score.map { ReportFormat.grouped($0.ratings) } ?? "–"
            var weightCell: HTML = "<span class=\"muted\">–</span>"
            if let weight = agent.weight {
                let change: HTML = weight.change.map { "<span class=\"change\">\(ReportFormat.signed($0))</span>" } ?? "<span class=\"change\">new</span>"
                let pin: HTML = weight.pinned ? "<span class=\"pin\" title=\"Pinned by a QA manager\">PIN</span>" : ""
                weightCell = "<span>\(weight.weight)\(change)\(pin)</span>"
            }
            let trend = SparklineSVG.render(agent.trend, dates: report.trendDates, band: agent.score?.band)
            var behaviourCell: HTML = ""
            if showBehaviour {
                let rates = behaviour(agent.score).map { HTML(text: "\($0.label) \(ReportFormat.tenths($0.tenths)) %") }
                behaviourCell = rates.isEmpty
                    ? "<td data-label=\"Behaviour\"><span class=\"muted\">–</span></td>"
                    : "<td data-label=\"Behaviour\">\(HTML.join(rates, separator: " · "))</td>"
            }
            rows.append("""
                <tr>\(rankCell)\(agentCell)\(scoreCell)\(csatCell)<td class="num" data-label="Ratings">\(ratings)</td>\
                \(bandCell)\(behaviourCell)<td class="num" data-label="Weight">\(weightCell)</td><td data-label="Trend">\(trend)</td></tr>

                """)
        }
        let runs = report.trendDates.count
        let trendNote = runs == 0 ? "" : " Trend: the score in the last \(ReportFormat.count(runs, "run")) (\(report.trendDates.first?.description ?? "") to \(report.trendDates.last?.description ?? "")), the dot coloured by today's band."
        let behaviourHeader: HTML = showBehaviour ? "<th>Behaviour</th>" : ""
        let behaviourNote = showBehaviour
            ? " Behaviour: the rates of the optional score components that are on (shrunk towards the all-agent rate, as scored): repeat contacts, short calls the agent ended, queue calls left to ring out."
            : ""
        let weightNote = report.feed.map { " Weight: in feed v\($0.version), change since the weight published before its scoring run; PIN: pinned by hand." }
            ?? " Weight: no feed published yet."
        return """
            <h2>Agents</h2>
            <p class="note">Sorted by score. CSAT %: share of ratings at or above the satisfied mark, the bar its 95 % Wilson interval.\(behaviourNote)\(trendNote)\(weightNote)</p>
            <div class="scroll">
            <table class="stack agents">
            <thead><tr><th class="num">#</th><th>Agent</th><th class="num">Score</th><th>CSAT % (95 % interval)</th><th class="num">Ratings</th><th>Band</th>\(behaviourHeader)<th class="num">Weight</th><th>Trend</th></tr></thead>
            <tbody>
            \(rows)</tbody>
            </table>
            </div>
            """
    }

    static func pay(_ report: QAReport) -> HTML {
        switch report.pay {
        case .unavailable(let reason):
            return "<h2>Pay period so far</h2><p class=\"warn\">Not available: \(reason)</p>"
        case .figures(let pay):
            let first = pay.period.firstDay
            let last = pay.period.lastDay
            let state = pay.closed
                ? "Closed: the frozen lines of the whole period"
                : "Open: calls from \(first.description) to the end of \(pay.through.description) (the period ends \(last.description))"
            var rows: [HTML] = []
            for tier in pay.tiers {
                rows.append("""
                    <tr><td class="agent" data-label="Tier"><span class="name">\(tier.name ?? tier.id)</span> <span class="id">\(tier.id)</span></td>\
                    <td class="num" data-label="Calls">\(ReportFormat.grouped(tier.calls))</td>\
                    <td class="num" data-label="Billable minutes">\(ReportFormat.minutes(tier.billableMinutes))</td>\
                    <td class="num" data-label="Earnings (\(pay.currency))">\(tier.amount.formatted())</td></tr>

                    """)
            }
            if pay.bonus.minorUnits != 0 {
                rows.append("<tr><td class=\"agent\" data-label=\"Tier\"><span class=\"name\">Band bonuses</span></td><td class=\"num\" data-label=\"Calls\"></td><td class=\"num\" data-label=\"Billable minutes\"></td><td class=\"num\" data-label=\"Earnings (\(pay.currency))\">\(pay.bonus.formatted())</td></tr>\n")
            }
            if rows.isEmpty {
                rows.append("<tr><td class=\"agent\" colspan=\"4\"><span class=\"muted\">No paid calls in the period yet.</span></td></tr>\n")
            }
            let unpriced: HTML = pay.unpricedCalls > 0
                ? "<p class=\"warn\">\(ReportFormat.count(pay.unpricedCalls, "call")) cannot be priced yet (no tier or rate for their hotline): see <code>callmeter payroll \(pay.period.identifier)</code>.</p>"
                : ""
            return """
                <h2>Pay period \(pay.period.identifier) so far</h2>
                <p class="note">\(state). Minutes and earnings per tier in \(pay.currency); per-agent pay is in the payroll export, not on this page.</p>
                <div class="scroll">
                <table class="stack pay">
                <thead><tr><th>Tier</th><th class="num">Calls</th><th class="num">Billable minutes</th><th class="num">Earnings (\(pay.currency))</th></tr></thead>
                <tbody>
                \(rows)</tbody>
                <tfoot><tr><td class="agent" data-label="Tier">Total</td><td class="num" data-label="Calls">\(ReportFormat.grouped(pay.calls))</td>\
                <td class="num" data-label="Billable minutes">\(ReportFormat.minutes(pay.billableMinutes))</td>\
                <td class="num" data-label="Earnings (\(pay.currency))">\(pay.total.formatted())</td></tr></tfoot>
                </table>
                </div>
                \(unpriced)
                """
        }
    }

    static func footer(_ report: QAReport, maker: String) -> HTML {
        let rules: HTML = report.run.map { " Scoring rules sha256 \(String($0.rulesSHA256.prefix(12)))." } ?? ""
        return """
            <footer>Made by <code>\(maker)</code> on \(ReportFormat.utcMinute(generatedSeconds(report))).\(rules) \
            This page needs no script and loads nothing.</footer>
            """
    }

    // MARK: Pieces

    /// Entries of a "needs attention" list shown; the rest are counted.
    static let attentionShown = 8

    static func generatedSeconds(_ report: QAReport) -> Int64 {
        Int64(report.generatedAt.timeIntervalSince1970.rounded(.down))
    }

    static func bandLabel(_ band: ScoreBand) -> HTML {
        "<span class=\"band\"><span class=\"dot\" style=\"background:\(ReportStyle.fill(band))\"></span>\(band.rawValue)</span>"
    }

    static func agentLabel(_ id: String, _ name: String?) -> HTML {
        let shown: HTML = name.map { "<span class=\"name\">\($0)</span> " } ?? ""
        return "\(shown)<span class=\"id\">\(id)</span>"
    }
}
