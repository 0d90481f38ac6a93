import Foundation

/// What the daemon's morning page shows beyond the QA report: links to the index and to the page
/// before it, and what arrived since that page.
package struct MorningPageNotes: Sendable {
    /// The newest page kept before this one; nil for the first page.
    package let previousPage: CalendarDate?
    /// The data that arrived late since the previous page; nil when it cannot be said (no previous
    /// page, or one of the two pages shows no scoring run).
    package let arrivals: [LateArrival]?

    package init(previousPage: CalendarDate?, arrivals: [LateArrival]?) {
        self.previousPage = previousPage
        self.arrivals = arrivals
    }
}

/// The morning page's own parts, and the index of the kept pages.
enum MorningPageHTML {
    /// Links to the index and the previous page, then what arrived since that page.
    static func notes(_ notes: MorningPageNotes, report: QAReport) -> HTML {
        var links: [HTML] = ["<a href=\"\(MorningPageFiles.indexName)\">All kept pages</a>"]
        if let previous = notes.previousPage {
            links.append("<a href=\"\(MorningPageFiles.name(of: previous))\">Previous page: \(previous.description)</a>")
        }
        var section: HTML = "<nav class=\"pages\" aria-label=\"Morning pages\">\(links)</nav>"
        guard let previous = notes.previousPage else { return section }
        section += "\n<h2>Arrived since the page of \(previous.description)</h2>\n"
        guard let arrivals = notes.arrivals else {
            return section + "<p class=\"note\">Cannot be said: the page of \(previous.description) or this one shows no scoring run.</p>"
        }
        guard !arrivals.isEmpty else {
            return section + "<p class=\"note\">Nothing arrived late: no file ingested since that page's scores holds calls or ratings of the days it covered.</p>"
        }
        let zone = TimeZone(identifier: report.timeZone) ?? TimeZone(secondsFromGMT: 0) ?? .current
        func day(_ seconds: Int64) -> String {
            CalendarDate(containing: Date(timeIntervalSince1970: TimeInterval(seconds)), in: zone).description
        }
        var rows: [HTML] = []
        for arrival in arrivals {
            let first = day(arrival.firstCallAt), last = day(arrival.lastCallAt)
            let days = first == last ? first : "\(first) to \(last)"
            let what = arrival.kind == "ratings" ? ReportFormat.count(arrival.rows, "rating") : ReportFormat.count(arrival.rows, "call")
            rows.append("""
                <tr><td class="agent" data-label="File"><span class="name">\(arrival.fileName)</span> <span class="id">batch \(arrival.batchID)</span></td>\
                <td data-label="Kind">\(arrival.kind)</td><td class="num" data-label="Rows">\(what)</td><td data-label="Calls of">\(days)</td></tr>

                """)
        }
        return section + """
            <p class="warn">\(ReportFormat.count(arrivals.count, "file")) ingested after the scores of the page of \(previous.description) \
            brought data of days that page already covered: its figures for those days are out of date, this page counts them.</p>
            <div class="scroll">
            <table class="stack arrivals">
            <thead><tr><th>File</th><th>Kind</th><th class="num">Rows</th><th>Calls of</th></tr></thead>
            <tbody>
            \(rows)</tbody>
            </table>
            </div>
            """
    }
}
