/// A small bar of the CSAT share's 95 % Wilson interval on a 0–100 % track, with a tick at the
/// observed share: the wider the bar, the less the ratings say.
enum WilsonBarSVG {
    static func render(_ interval: WilsonInterval, band: ScoreBand) -> HTML {
        let f = ReportFormat.coordinate
        let low = Double(interval.lowerTenths) / 10, high = Double(interval.upperTenths) / 10
        let share = Double(interval.shareTenths) / 10
        let title = "CSAT \(ReportFormat.tenths(interval.shareTenths)) %, 95 % interval "
            + "\(ReportFormat.tenths(interval.lowerTenths))–\(ReportFormat.tenths(interval.upperTenths)) %"
        return """
            <svg class="wbar" viewBox="0 0 104 14" width="104" height="14" role="img" aria-label="\(title)"><title>\(title)</title>\
            <rect x="2" y="5" width="100" height="4" rx="2" fill="#e6e9ed"/>\
            <rect x="\(f(2 + low))" y="2" width="\(f(max(high - low, 1)))" height="10" rx="2" fill="\(ReportStyle.fill(band))" fill-opacity="0.75"/>\
            <rect x="\(f(2 + share - 0.75))" y="0" width="1.5" height="14" fill="#1f2328"/></svg>
            """
    }
}
