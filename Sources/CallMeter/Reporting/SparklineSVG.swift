/// An agent's score over the last runs as a small line: one slot per run, a gap where the agent had
/// no score, the last point coloured by its band. The scale is the agent's own range (at least 10
/// points), so that small moves show.
enum SparklineSVG {
    static let width = 120.0
    static let height = 28.0

    static func render(_ trend: [Int?], dates: [CalendarDate], band: ScoreBand?) -> HTML {
        let f = ReportFormat.coordinate
        let values = trend.compactMap { $0 }
        guard let lowest = values.min(), let highest = values.max(), !trend.isEmpty else {
            return "<span class=\"muted\">–</span>"
        }
        let span = max(highest - lowest, 100)
        let floor = Double(lowest + highest) / 2 - Double(span) / 2
        let step = trend.count > 1 ? (width - 8) / Double(trend.count - 1) : 0
        func x(_ i: Int) -> Double { trend.count > 1 ? 4 + Double(i) * step : width / 2 }
        func y(_ v: Int) -> Double { height - 4 - (Double(v) - floor) / Double(span) * (height - 8) }

        var body: HTML = ""
        var segment: [String] = []
        func flush() {
            if segment.count > 1 {
                body += "<polyline points=\"\(segment.joined(separator: " "))\" fill=\"none\" stroke=\"#57606a\" stroke-width=\"1.5\" stroke-linejoin=\"round\" stroke-linecap=\"round\"/>"
            }
            segment = []
        }
        var titleParts: [String] = []
        for (i, value) in trend.enumerated() {
            let date = i < dates.count ? dates[i].description : ""
            titleParts.append("\(date) \(ReportFormat.tenths(value))")
            guard let value else { flush(); continue }
            segment.append(f(x(i)) + "," + f(y(value)))
            let isolated = (i == 0 || trend[i - 1] == nil) && (i == trend.count - 1 || trend[i + 1] == nil)
            if isolated && i != trend.count - 1 {
                body += "<circle cx=\"\(f(x(i)))\" cy=\"\(f(y(value)))\" r=\"1.5\" fill=\"#57606a\"/>"
            }
        }
        flush()
        if let last = trend.last, let last {
            let fill = band.map(ReportStyle.fill) ?? "#1f2328"
            body += "<circle cx=\"\(f(x(trend.count - 1)))\" cy=\"\(f(y(last)))\" r=\"3\" fill=\"\(fill)\" stroke=\"#1f2328\" stroke-width=\"0.75\"/>"
        }
        let title = "Score by run: " + titleParts.joined(separator: ", ")
        return """
            <svg class="spark" viewBox="0 0 \(f(width)) \(f(height))" width="\(f(width))" height="\(f(height))" role="img" aria-label="\(title)">\
            <title>\(title)</title>\(body)</svg>
            """
    }
}
