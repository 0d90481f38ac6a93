import Foundation

/// `index.html` of the morning pages: the kept days, newest first, each with its headline figures
/// as its page recorded them. Self-contained like the pages (inline CSS, no script, nothing
/// loaded), every string escaped.
enum MorningPageIndexHTML {
    /// - Parameters:
    ///   - pages: every kept day with the figures read from its page (nil when they do not read).
    ///   - generatedAt: Unix seconds.
    static func render(pages: [(date: CalendarDate, headline: PageHeadline?)], generatedAt: Int64) -> String {
        var rows: [HTML] = []
        for page in pages.sorted(by: { $0.date > $1.date }) {
            let link: HTML = "<a href=\"\(MorningPageFiles.name(of: page.date))\">\(page.date.description)</a>"
            guard let h = page.headline else {
                rows.append("<tr><td class=\"agent\" data-label=\"Page\">\(link)</td><td colspan=\"4\"><span class=\"muted\">figures not readable from the page</span></td></tr>\n")
                continue
            }
            let run: HTML = h.runAsOf.map { $0 == h.asOf ? "" : " <span class=\"id\">scores of \($0.description)</span>" }
                ?? " <span class=\"id\">no scoring run</span>"
            var bands: [HTML] = []
            for band in ScoreBand.allCases {
                bands.append("<li>\(QAReportHTML.bandLabel(band)) <strong>\(h.count(band))</strong></li>")
            }
            let csat: HTML = h.csatTenths.map { "\(ReportFormat.tenths($0)) %" } ?? "–"
            let feed: HTML = h.feedVersion.map { "v\($0)" } ?? "<span class=\"muted\">none</span>"
            rows.append("""
                <tr><td class="agent" data-label="Page">\(link)\(run)</td>\
                <td class="num" data-label="Agents scored">\(ReportFormat.grouped(h.agentsScored))</td>\
                <td class="num" data-label="CSAT">\(csat)</td>\
                <td data-label="Bands"><ul class="bandrow" aria-label="Agents per band">\(bands)</ul></td>\
                <td class="num" data-label="Feed">\(feed)</td></tr>

                """)
        }
        if rows.isEmpty {
            rows.append("<tr><td class=\"agent\" colspan=\"5\"><span class=\"muted\">No page is kept.</span></td></tr>\n")
        }
        let page: HTML = """
            \(ReportStyle.documentStart(title: "CallMeter morning pages"))
            <header><h1>Morning pages</h1><p class="sub">The QA report of each kept day, newest first · updated \(ReportFormat.utcMinute(generatedAt))</p></header>
            <nav class="pages" aria-label="Morning pages"><a href="\(MorningPageFiles.latestName)">Latest page</a></nav>
            <div class="scroll">
            <table class="stack pages">
            <thead><tr><th>Page (as of)</th><th class="num">Agents scored</th><th class="num">CSAT</th><th>Bands</th><th class="num">Feed</th></tr></thead>
            <tbody>
            \(rows)</tbody>
            </table>
            </div>
            <footer>Made by <code>callmeterd's nightly job</code> on \(ReportFormat.utcMinute(generatedAt)). This page needs no script and loads nothing.</footer>
            </main>
            </body>
            </html>

            """
        return page.markup
    }
}
