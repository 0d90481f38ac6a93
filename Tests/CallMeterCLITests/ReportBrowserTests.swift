import Foundation
import Testing
import CallMeterCLI
import CallMeterTestSupport

/// The fixtures' report in a real browser, at a desktop and a phone width: the screenshot has
/// content (it is much larger than the screenshot of an empty page of the same size, which
/// compresses to almost nothing) and the page's text holds every agent.
@Test(.enabled(if: Chromium.path != nil, "chromium is not on PATH (Debian: apt-get install chromium); .ci/run installs it"),
      .timeLimit(.minutes(10)),
      arguments: [(1280, 2000), (390, 2000)])
func fixturesReportRendersInAHeadlessBrowser(width: Int, height: Int) throws {
    try withDemo { workspace, _ in
        let report = URL(fileURLWithPath: workspace.path("demo/report.html"))
        let blank = URL(fileURLWithPath: try workspace.write("blank.html", "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body></body></html>"))
        let reportShot = URL(fileURLWithPath: workspace.path("report-\(width).png"))
        let blankShot = URL(fileURLWithPath: workspace.path("blank-\(width).png"))
        let dom = URL(fileURLWithPath: workspace.path("dom-\(width).html"))
        let log = URL(fileURLWithPath: workspace.path("chromium-\(width).log"))

        try Chromium.run(["--screenshot=\(reportShot.path)"], url: report, width: width, height: height, output: log, scratch: workspace.url)
        try Chromium.run(["--screenshot=\(blankShot.path)"], url: blank, width: width, height: height, output: log, scratch: workspace.url)
        try Chromium.run(["--dump-dom"], url: report, width: width, height: height, output: dom, scratch: workspace.url)

        let reportPNG = try Data(contentsOf: reportShot)
        let blankPNG = try Data(contentsOf: blankShot)
        let size = try #require(Chromium.pngSize(reportPNG))
        #expect(size.width == width && size.height == height)
        #expect(Chromium.pngSize(blankPNG) != nil)
        // An empty white page of this size compresses to about 10 KB; the report is many times that.
        #expect(reportPNG.count > 3 * blankPNG.count, "report \(reportPNG.count) bytes, blank \(blankPNG.count) bytes")
        #expect(reportPNG.count - blankPNG.count > 50_000, "report \(reportPNG.count) bytes, blank \(blankPNG.count) bytes")

        let text = try String(contentsOf: dom, encoding: .utf8)
        #expect(text.contains("<h1>Quality report · 2026-10-31</h1>"))
        for agent in try fixtureAgents() {
            #expect(text.contains(">\(agent.id)</span>"), "\(agent.id)")
            #expect(text.contains(">\(agent.name)</span>"), "\(agent.name)")
        }
        #expect(!text.contains("<script"))
    }
}
