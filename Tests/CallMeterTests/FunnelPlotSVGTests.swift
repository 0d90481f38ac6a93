import Foundation
import Testing
@testable import CallMeter

private func plot(_ points: [FunnelPoint], expected: Double = 0.3, sigma: Double = 3) -> FunnelPlot {
    FunnelPlot(points: points, expected: expected, sigma: sigma, title: "Survey response rate against answered calls",
               xAxis: "answered calls", yAxis: "response rate")
}

private let agents = [
    FunnelPoint(label: "agent1001", n: 420, share: 0.31, flagged: false),
    FunnelPoint(label: "agent1002", n: 95, share: 0.27, flagged: false),
    FunnelPoint(label: "agent1003", n: 510, share: 0.12, flagged: true),
    FunnelPoint(label: "agent1004", n: 380, share: 0.58, flagged: true),
]

/// The `y` of each `x,y` pair of the polyline with `data-limit="NAME"`.
private func curve(_ svg: String, _ name: String) throws -> [(x: Double, y: Double)] {
    let marker = try #require(svg.range(of: "data-limit=\"\(name)\""))
    let start = try #require(svg.range(of: "points=\"", options: .backwards, range: svg.startIndex..<marker.lowerBound))
    let end = try #require(svg[start.upperBound...].firstIndex(of: "\""))
    return svg[start.upperBound..<end].split(separator: " ").compactMap { pair in
        let parts = pair.split(separator: ",")
        guard parts.count == 2, let x = Double(parts[0]), let y = Double(parts[1]) else { return nil }
        return (x, y)
    }
}

@Test func sameFunnelPlotGivesTheSameBytes() {
    let first = FunnelPlotSVG.render(plot(agents)).markup
    let second = FunnelPlotSVG.render(plot(agents)).markup
    #expect(first == second)
    #expect(first.hasPrefix("<svg class=\"chart funnel\""))
    #expect(first.contains("<title>Survey response rate against answered calls</title>"))
    #expect(first.contains("<desc>Expected 30.0 %, limits at 3 standard deviations; 4 agents, 2 flagged: agent1003, agent1004.</desc>"))
    // No coordinate with more than one decimal, no exponent, no NaN.
    #expect(first.range(of: #" (x|y|x1|y1|x2|y2|cx|cy)="-?[0-9]+\.[0-9][0-9]"#, options: .regularExpression) == nil)
    #expect(first.range(of: #"[ "][0-9]+\.[0-9][0-9],|,-?[0-9]+\.[0-9][0-9][ "]"#, options: .regularExpression) == nil)
    #expect(first.range(of: #"\de[-+]?\d"#, options: .regularExpression) == nil)
    #expect(!first.contains("nan") && !first.contains("inf"))
}

/// The limits are p ± z·√(p(1−p)/n): they narrow as n grows, so the lower curve rises and the upper
/// one falls from left to right (in SVG, y grows downwards), and both approach the centre line.
@Test func limitsNarrowAsCallsGrow() throws {
    let svg = FunnelPlotSVG.render(plot(agents)).markup
    let lower = try curve(svg, "lower"), upper = try curve(svg, "upper")
    #expect(lower.count > 10 && upper.count > 10)
    for (a, b) in zip(lower, lower.dropFirst()) {
        #expect(a.x < b.x && a.y >= b.y, "the lower limit rises")
    }
    for (a, b) in zip(upper, upper.dropFirst()) {
        #expect(a.x < b.x && a.y <= b.y, "the upper limit falls")
    }
    let at100 = FunnelPlotSVG.limits(expected: 0.3, sigma: 3, n: 100)
    let at400 = FunnelPlotSVG.limits(expected: 0.3, sigma: 3, n: 400)
    #expect(abs(at100.upper - at100.lower - 2 * 3 * (0.21 / 100).squareRoot()) < 1e-12)
    #expect(abs((at400.upper - at400.lower) * 2 - (at100.upper - at100.lower)) < 1e-12, "four times the calls, half the width")
    // Clipped to 0...1 where the calls are few.
    #expect(FunnelPlotSVG.limits(expected: 0.3, sigma: 3, n: 1) == (lower: 0, upper: 1))
    #expect(FunnelPlotSVG.limits(expected: 0.3, sigma: 3, n: 0) == (lower: 0, upper: 1))
}

@Test func flaggedAgentsAreLabelledAndHonestOnesAreNot() {
    let svg = FunnelPlotSVG.render(plot(agents)).markup
    #expect(svg.components(separatedBy: "<circle").count - 1 == 4)
    #expect(svg.components(separatedBy: "data-flagged=\"true\"").count - 1 == 2)
    #expect(svg.contains(">agent1003</text>") && svg.contains(">agent1004</text>"))
    #expect(!svg.contains(">agent1001</text>") && !svg.contains(">agent1002</text>"))
    #expect(svg.contains("<title>agent1003: 12.0 % of 510 answered calls, flagged</title>"))
    #expect(svg.contains("<title>agent1002: 27.0 % of 95 answered calls</title>"))
}

@Test func labelsAndTitlesAreEscaped() {
    let hostile = FunnelPoint(label: "<script>\"x\"&'y'</script>\u{202E}", n: 200, share: 0.05, flagged: true)
    let svg = FunnelPlotSVG.render(FunnelPlot(points: [hostile], expected: 0.3, sigma: 3, title: "A <b>&</b> title",
                                              xAxis: "calls <n>", yAxis: "rate & more")).markup
    #expect(!svg.contains("<script>") && !svg.contains("<b>") && !svg.contains("\u{202E}"))
    #expect(svg.contains("&lt;script&gt;&quot;x&quot;&amp;&#39;y&#39;&lt;/script&gt;\u{FFFD}"))
    #expect(svg.contains("<title>A &lt;b&gt;&amp;&lt;/b&gt; title</title>"))
    #expect(svg.contains("calls &lt;n&gt;") && svg.contains("rate &amp; more"))
}

@Test func emptyAndDegenerateInputStillDrawsAPlot() {
    let empty = FunnelPlotSVG.render(plot([])).markup
    #expect(empty.hasPrefix("<svg") && empty.hasSuffix("</svg>"))
    #expect(empty.contains("No agent with calls to plot"))
    #expect(empty.contains("no agent with calls."))
    #expect(!empty.contains("<circle"))
    // Points without calls or with no number are left out; rates and limits outside 0...1 are clipped.
    let odd = FunnelPlotSVG.render(plot([
        FunnelPoint(label: "none", n: 0, share: 0.5, flagged: true),
        FunnelPoint(label: "nan", n: 10, share: .nan, flagged: false),
        FunnelPoint(label: "over", n: 10, share: 1.7, flagged: true),
    ], expected: 1.2, sigma: .infinity)).markup
    #expect(odd.components(separatedBy: "<circle").count - 1 == 1)
    #expect(odd.contains("data-label=\"over\"") && odd.contains("data-rate=\"100.0\""))
    #expect(!odd.contains("nan") && !odd.contains("inf"))
    // An expected rate of 0 or 1 has no spread: the limits are the centre line itself.
    #expect(FunnelPlotSVG.limits(expected: 0, sigma: 3, n: 50) == (lower: 0, upper: 0))
}

@Test(arguments: [(0, 2), (10, 2), (11, 2), (47, 10), (480, 100), (5_000, 1_000), (12_345, 5_000)])
func callAxisStepsAreRound(maximum: Int, step: Int) {
    #expect(FunnelPlotSVG.niceStep(max(maximum, 10)) == step)
    #expect(FunnelPlotSVG.niceCeiling(maximum) % step == 0)
    #expect(FunnelPlotSVG.niceCeiling(maximum) >= maximum)
}
