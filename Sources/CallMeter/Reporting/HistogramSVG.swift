/// The histogram of scores as an inline SVG: one bar per 5-point bin, stacked by band, with the
/// band thresholds as dashed lines. Every bar segment carries `data-band` and `data-count`.
enum HistogramSVG {
    /// Room above the plot area for the band thresholds' labels, below it for the score labels.
    static let area = PlotArea(left: 30, width: 440, top: 22, baseline: 176, roomRight: 10, roomBelow: 22)

    static func render(_ histogram: ScoreHistogram, bands: [BandThreshold]) -> HTML {
        let f = ReportFormat.coordinate
        let largest = histogram.largestBin
        let step = max(1, (largest + 3) / 4)
        let yMax = max(step, (largest + step - 1) / step * step)
        let (left, plotWidth, top, baseline, plotHeight) = (area.left, area.width, area.top, area.baseline, area.height)
        let binWidth = plotWidth / Double(ScoreHistogram.binCount)

        var body: HTML = ""
        // Grid lines and count labels.
        var tick = 0
        while tick <= yMax {
            let y = baseline - Double(tick) / Double(yMax) * plotHeight
            body += area.gridLine(y: y, label: "\(tick)")
            tick += step
        }
        // Bars.
        for (index, bin) in histogram.bins.enumerated() {
            let range = "\(ReportFormat.tenths(bin.lowerTenths))–\(ReportFormat.tenths(bin.upperTenths))"
            var y = baseline
            for band in ReportStyle.stackOrder {
                let count = bin.count(band)
                guard count > 0 else { continue }
                let h = Double(count) / Double(yMax) * plotHeight
                y -= h
                body += """
                    <rect x="\(f(left + Double(index) * binWidth + 2))" y="\(f(y))" width="\(f(binWidth - 4))" height="\(f(h))" \
                    fill="\(ReportStyle.fill(band))" data-bin="\(range)" data-band="\(band.rawValue)" data-count="\(count)">\
                    <title>\(range): \(ReportFormat.count(count, "agent")) \(band.rawValue)</title></rect>
                    """
            }
        }
        // Band thresholds.
        for threshold in bands where threshold.minimumTenths > 0 && threshold.minimumTenths < 1000 {
            let x = left + Double(threshold.minimumTenths) / 1000 * plotWidth
            body += "<line x1=\"\(f(x))\" y1=\"\(f(top - 6))\" x2=\"\(f(x))\" y2=\"\(f(baseline))\" stroke=\"#57606a\" stroke-width=\"1\" stroke-dasharray=\"4 3\"/>"
            body += "<text x=\"\(f(x + 3))\" y=\"\(f(top - 10))\" font-size=\"12\" fill=\"#57606a\">≥ \(ReportFormat.tenths(threshold.minimumTenths))</text>"
        }
        // Axis.
        body += area.axis
        for label in stride(from: 0, through: 100, by: 10) {
            let x = left + Double(label) / 100 * plotWidth
            body += "<text x=\"\(f(x))\" y=\"\(f(baseline + 16))\" font-size=\"12\" text-anchor=\"middle\" fill=\"#57606a\">\(label)</text>"
        }
        return area.svg(class: "chart", label: "Histogram of scores by band", body)
    }
}
