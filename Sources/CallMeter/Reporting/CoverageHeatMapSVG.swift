/// One hotline's planned week as a heat map: a row per day (Monday on top), a column per
/// wall-clock slot of the day; the cell's colour is the gap (committed − required agents), an
/// uncovered slot (calls forecast, nobody committed) is dark red with a white cross. On a
/// fall-back day the repeated hour's slots fill the lower half of their cells (the first
/// occurrence the upper half); the hour a spring-forward day skips is left blank.
enum CoverageHeatMapSVG {
    static let cell = 8.0
    static let rowHeight = 14.0
    static let labelWidth = 34.0
    /// The fill of a slot without calls and without commitments.
    static let emptySlot = "#eaeef2"

    /// The colour of a slot: grey without calls and commitments, greens when covered (darker with
    /// more spare agents), yellow to red by the shortfall, dark red when uncovered.
    static func fill(_ row: CoverageSlot) -> String {
        if row.isUncovered { return "#67000d" }
        if row.calls <= 0 && row.committed <= 0 { return emptySlot }
        let gap = row.gap
        switch gap {
        case 2...: return "#1b7837"
        case 0..<2: return "#7fbf7b"
        case -1..<0: return "#fee08b"
        case -3 ..< -1: return "#f1a340"
        default: return "#d73027"
        }
    }

    /// The legend's entries, in the order drawn.
    static let legend: [(fill: String, label: String)] = [
        ("#1b7837", "2+ spare"), ("#7fbf7b", "covered"), ("#fee08b", "short < 1"), ("#f1a340", "short 1–3"),
        ("#d73027", "short > 3"), ("#67000d", "uncovered ×"), (emptySlot, "no calls"),
    ]

    static func render(_ report: CoverageReport, hotline: String) -> HTML {
        let f = ReportFormat.coordinate
        let perDay = 1440 / max(1, report.intervalMinutes)
        let width = labelWidth + Double(perDay) * cell + 2, height = 16 + 7 * rowHeight
        let days = report.week.days
        var body: HTML = ""
        for hour in stride(from: 0, to: 24, by: 6) {
            let x = labelWidth + Double(hour * 60 / max(1, report.intervalMinutes)) * cell
            body += "<text x=\"\(f(x))\" y=\"10\" font-size=\"9\" fill=\"#57606a\">\(hour < 10 ? "0" : "")\(hour):00</text>"
        }
        for (index, day) in days.enumerated() {
            body += "<text x=\"0\" y=\"\(f(16 + Double(index) * rowHeight + 10))\" font-size=\"9\" fill=\"#57606a\">\(String(day.description.suffix(5)))</text>"
        }
        let twice = Set(report.slots.filter { $0.hotline == hotline && $0.slot.repeated }.map { "\($0.slot.date) \($0.slot.minuteOfDay)" })
        // Slots without calls or commitments are drawn as one rect per run of neighbouring cells.
        var empty: (x: Double, y: Double, h: Double, columns: Int)?
        func flushEmpty() {
            if let run = empty {
                body += "<rect x=\"\(f(run.x))\" y=\"\(f(run.y))\" width=\"\(f(Double(run.columns) * cell - 1))\" height=\"\(f(run.h))\" fill=\"\(emptySlot)\"/>"
            }
            empty = nil
        }
        for row in report.slots where row.hotline == hotline {
            guard let dayIndex = days.firstIndex(of: row.slot.date) else { continue }
            let x = labelWidth + Double(row.slot.minuteOfDay / max(1, report.intervalMinutes)) * cell
            var y = 16 + Double(dayIndex) * rowHeight, h = rowHeight - 2
            if twice.contains("\(row.slot.date) \(row.slot.minuteOfDay)") {
                h /= 2
                if row.slot.repeated { y += h }
            }
            if row.calls <= 0 && row.committed <= 0 {
                if let run = empty, run.y == y, run.h == h, run.x + Double(run.columns) * cell == x {
                    empty?.columns += 1
                } else {
                    flushEmpty()
                    empty = (x, y, h, 1)
                }
                continue
            }
            flushEmpty()
            let title = "\(row.slot.label): \(CoverageFormat.fixed(row.calls, places: 1)) calls, required \(row.required), "
                + "committed \(CoverageFormat.fixed(row.committed, places: 2))" + (row.isUncovered ? ", uncovered" : "")
            body += "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(cell - 1))\" height=\"\(f(h))\" fill=\"\(fill(row))\"><title>\(title)</title></rect>"
            if row.isUncovered {
                body += "<path d=\"M\(f(x + 1)) \(f(y + 1))l\(f(cell - 3)) \(f(h - 2))M\(f(x + cell - 2)) \(f(y + 1))l-\(f(cell - 3)) \(f(h - 2))\" stroke=\"#fff\" stroke-width=\"1\"/>"
            }
        }
        flushEmpty()
        let label = "Coverage of \(hotline) in \(report.week): one row per day, one column per \(report.intervalMinutes)-minute slot"
        return """
            <svg class="chart heat" viewBox="0 0 \(f(width)) \(f(height))" width="\(f(width))" height="\(f(height))" role="img" aria-label="\(label)">\
            <title>\(label)</title>\(body)</svg>
            """
    }
}
