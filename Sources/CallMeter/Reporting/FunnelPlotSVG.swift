/// One agent on a funnel plot: how many calls the rate is a share of, the rate, and whether the
/// caller flagged the agent (the plot draws flags, it never decides them).
struct FunnelPoint: Equatable, Sendable {
    /// What the point is labelled with when flagged, and named in its tooltip: the agent id.
    let label: String
    /// The denominator of the rate (answered calls, say); points with none are not drawn.
    let n: Int
    /// The agent's share of `n` (its survey response rate, say), 0...1: a share of calls, not
    /// money, so binary floating point. Where the expected share depends on the agent's hotline
    /// mix, pass the standardised share (observed ÷ the agent's expected × `expected`).
    let share: Double
    let flagged: Bool
}

/// What a funnel plot shows: the points, the centre line (the rate every agent is expected to have)
/// and how many standard deviations the control limits lie from it.
struct FunnelPlot: Equatable, Sendable {
    var points: [FunnelPoint]
    /// The expected rate, 0...1: the centre line.
    var expected: Double
    /// The limits lie `sigma` binomial standard deviations from the centre: p ± z·√(p(1−p)/n).
    var sigma: Double
    /// The accessible name of the drawing, e.g. "Survey response rate against answered calls".
    var title: String
    /// The axes' titles.
    var xAxis = "answered calls"
    var yAxis = "rate"
}

/// A funnel plot as an inline SVG: x the number of calls, y the rate, the expected rate as a dashed
/// centre line and the lower and upper control limits as curves that narrow as calls grow (so a
/// small agent's rate may stray further by chance alone), one dot per agent, flagged agents in red
/// and labelled. The y range covers the points and the limits at the smallest agent, in steps of
/// 1, 2, 5, 10 or 20 percentage points; everything is escaped through `HTML` and every number is
/// written by `ReportFormat`, so the same plot gives the same bytes.
enum FunnelPlotSVG {
    /// Room left of the plot area for the rate labels and the rotated axis title, below it for the
    /// call-count labels and the axis title.
    static let area = PlotArea(left: 46, width: 414, top: 14, baseline: 196, roomRight: 12, roomBelow: 38)
    /// Samples per limit curve.
    static let curveSamples = 96

    static let flaggedFill = "#d73027"
    static let pointFill = "#57606a"
    static let limitStroke = "#0969da"

    static func render(_ plot: FunnelPlot) -> HTML {
        let f = ReportFormat.coordinate
        let (left, plotWidth, top, baseline) = (area.left, area.width, area.top, area.baseline)
        let expected = clamp(plot.expected)
        let sigma = plot.sigma.isFinite ? max(plot.sigma, 0) : 0
        let points = plot.points.filter { $0.n > 0 && $0.share.isFinite }
        let xMax = niceCeiling(points.map(\.n).max() ?? 0)
        let xStep = niceStep(xMax)

        // The y range, in thousandths: the points, the centre and the limits at the smallest agent.
        let smallest = points.map(\.n).min() ?? max(1, xMax / 4)
        var low = expected, high = expected
        for point in points {
            low = min(low, clamp(point.share))
            high = max(high, clamp(point.share))
        }
        low = min(low, limits(expected: expected, sigma: sigma, n: smallest).lower)
        high = max(high, limits(expected: expected, sigma: sigma, n: smallest).upper)
        let span = max(Int((high * 1000).rounded(.up)) - Int((low * 1000).rounded(.down)), 1)
        let yStep = [10, 20, 50, 100, 200].first { span / $0 <= 5 } ?? 200
        let yMin = max(0, Int((low * 1000).rounded(.down)) / yStep * yStep)
        let yMax = min(1000, (Int((high * 1000).rounded(.up)) + yStep - 1) / yStep * yStep)
        let yTop = max(yMax, yMin + yStep)

        func x(_ n: Double) -> Double { left + n / Double(xMax) * plotWidth }
        func y(_ share: Double) -> Double { baseline - (share * 1000 - Double(yMin)) / Double(yTop - yMin) * (baseline - top) }
        func inRange(_ share: Double) -> Bool { share * 1000 >= Double(yMin) - 1e-9 && share * 1000 <= Double(yTop) + 1e-9 }

        var body: HTML = ""
        // Grid and rate labels.
        for tick in stride(from: yMin, through: yTop, by: yStep) {
            let ty = y(Double(tick) / 1000)
            body += area.gridLine(y: ty, label: "\(tick / 10) %")
        }
        // Call-count labels.
        for tick in stride(from: 0, through: xMax, by: xStep) {
            body += "<text x=\"\(f(x(Double(tick))))\" y=\"\(f(baseline + 16))\" font-size=\"12\" text-anchor=\"middle\" fill=\"#57606a\">\(ReportFormat.grouped(tick))</text>"
        }
        body += area.axis
        body += "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(baseline + 33))\" font-size=\"12\" text-anchor=\"middle\" fill=\"#57606a\">\(plot.xAxis)</text>"
        body += "<text x=\"12\" y=\"\(f((top + baseline) / 2))\" font-size=\"12\" text-anchor=\"middle\" fill=\"#57606a\" transform=\"rotate(-90 12 \(f((top + baseline) / 2)))\">\(plot.yAxis)</text>"

        // Centre line and limit curves (only where they lie inside the range: the lower limit rises
        // and the upper one falls as calls grow, so what is left out is the start of each curve).
        let centre = y(expected)
        body += "<line x1=\"\(f(left))\" y1=\"\(f(centre))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(centre))\" stroke=\"#1f2328\" stroke-width=\"1\" stroke-dasharray=\"5 3\" data-expected=\"\(ReportFormat.tenths(permille(expected)))\"/>"
        var lower: [String] = [], upper: [String] = []
        for sample in 1...curveSamples {
            let n = Double(xMax) * Double(sample) / Double(curveSamples)
            let bounds = limits(expected: expected, sigma: sigma, n: n)
            if inRange(bounds.lower) { lower.append(f(x(n)) + "," + f(y(bounds.lower))) }
            if inRange(bounds.upper) { upper.append(f(x(n)) + "," + f(y(bounds.upper))) }
        }
        for (name, curve) in [("lower", lower), ("upper", upper)] where curve.count > 1 {
            body += "<polyline points=\"\(curve.joined(separator: " "))\" fill=\"none\" stroke=\"\(limitStroke)\" stroke-width=\"1.5\" stroke-linejoin=\"round\" data-limit=\"\(name)\"/>"
        }

        // Agents: honest dots first, flagged ones on top with their label.
        var labels: HTML = ""
        for point in points.filter({ !$0.flagged }) + points.filter(\.flagged) {
            let px = x(Double(point.n)), py = y(clamp(point.share))
            let text = "\(point.label): \(ReportFormat.tenths(permille(point.share))) % of \(ReportFormat.grouped(point.n)) \(plot.xAxis)"
                + (point.flagged ? ", flagged" : "")
            let flagAttribute: HTML = point.flagged ? " data-flagged=\"true\"" : ""
            body += """
                <circle cx="\(f(px))" cy="\(f(py))" r="\(point.flagged ? "4" : "3")" fill="\(point.flagged ? flaggedFill : pointFill)" \
                fill-opacity="0.85" data-label="\(point.label)" data-n="\(point.n)" data-rate="\(ReportFormat.tenths(permille(point.share)))"\
                \(flagAttribute)><title>\(text)</title></circle>
                """
            if point.flagged {
                let leftward = px > left + plotWidth * 0.8
                labels += "<text x=\"\(f(leftward ? px - 7 : px + 7))\" y=\"\(f(py + 4))\" font-size=\"12\" text-anchor=\"\(leftward ? "end" : "start")\" fill=\"\(flaggedFill)\">\(point.label)</text>"
            }
        }
        body += labels
        if points.isEmpty {
            body += "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f((top + baseline) / 2))\" font-size=\"13\" text-anchor=\"middle\" fill=\"#57606a\">No agent with calls to plot</text>"
        }

        let flagged = points.filter(\.flagged)
        let description = "Expected \(ReportFormat.tenths(permille(expected))) %, limits at \(sigmaText(sigma)) standard deviations; "
            + (points.isEmpty ? "no agent with calls."
                : "\(ReportFormat.count(points.count, "agent")), \(flagged.count) flagged"
                    + (flagged.isEmpty ? "." : ": " + flagged.map(\.label).joined(separator: ", ") + "."))
        return area.svg(class: "chart funnel", label: "\(plot.title)", "<title>\(plot.title)</title><desc>\(description)</desc>\(body)")
    }

    /// The control limits for `n` calls, clipped to 0...1.
    static func limits(expected: Double, sigma: Double, n: Double) -> (lower: Double, upper: Double) {
        guard n > 0 else { return (0, 1) }
        let spread = sigma * (expected * (1 - expected) / n).squareRoot()
        return (clamp(expected - spread), clamp(expected + spread))
    }

    static func limits(expected: Double, sigma: Double, n: Int) -> (lower: Double, upper: Double) {
        limits(expected: expected, sigma: sigma, n: Double(n))
    }

    private static func clamp(_ share: Double) -> Double {
        share.isFinite ? min(max(share, 0), 1) : 0
    }

    /// A rate in thousandths, for `ReportFormat.tenths` (`0.3125` → 313 → `31.3`).
    private static func permille(_ share: Double) -> Int {
        Int((clamp(share) * 1000).rounded())
    }

    /// `3`, `2.5`.
    private static func sigmaText(_ sigma: Double) -> String {
        let tenths = Int((min(sigma, 1000) * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)" : ReportFormat.tenths(tenths)
    }

    /// The step between call-count labels: 1, 2 or 5 times a power of ten, at most 5 steps to `maximum`.
    static func niceStep(_ maximum: Int) -> Int {
        var power = 1
        while true {
            for factor in [1, 2, 5] {
                let (step, overflow) = factor.multipliedReportingOverflow(by: power)
                if overflow || maximum / step <= 5 { return overflow ? Int.max : step }
            }
            let (next, overflow) = power.multipliedReportingOverflow(by: 10)
            if overflow { return Int.max }
            power = next
        }
    }

    /// `maximum` rounded up to a whole number of `niceStep`s; at least 10.
    static func niceCeiling(_ maximum: Int) -> Int {
        let value = max(maximum, 10)
        let step = niceStep(value)
        let (steps, overflow) = ((value - 1) / step + 1).multipliedReportingOverflow(by: step)
        return overflow ? value : steps
    }
}
