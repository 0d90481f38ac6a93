@testable import CallMeter
import CallMeterCLI
@testable import CallMeterDaemon
import CallMeterTestSupport
import Foundation
import Testing

/// The morning page: the daemon's nightly job writes the QA report of each night to the folder of
/// `report.json`, with `latest.html` and `index.html`, keeps `keep_days` days, and never lets a
/// page problem hold back the feed. In-process, with a fake clock for the nights and the real job.
struct MorningPageTests {
    /// The group the test process runs with: the one an unprivileged daemon may give files to.
    static let group = SystemGroup.name(of: getgid()) ?? "root"

    /// A daemon on the fixtures with the rules copied, `report` as report.json and `staffing` (if
    /// given) as staffing.json.
    static func rig(_ label: String, report: String, staffing: String? = nil) throws -> DaemonRig {
        let rig = try DaemonRig(label, at: "2026-11-01T12:00:00Z", rules: { scratch in
            let rules = try scratch.copyRules()
            try Data(report.utf8).write(to: URL(fileURLWithPath: rules + "/report.json"))
            if let staffing { try Data(staffing.utf8).write(to: URL(fileURLWithPath: rules + "/staffing.json")) }
            return rules
        }, job: ScoreAndPublishJob(environment: ["USER": "nightly"]))
        for (kind, file) in [(IngestReport.Kind.agents, "agents.csv"), (.cdr, "cdr.csv"), (.ratings, "ratings.csv")] {
            _ = try Ingestion(store: rig.store).ingest(file: Repository.root.appendingPathComponent("Fixtures/\(file)").path, kind: kind)
        }
        return rig
    }

    /// Moves the clock to `iso` and runs one round.
    static func night(_ rig: DaemonRig, _ iso: String) {
        rig.clock.set(iso)
        rig.daemon.tick()
    }

    static func attributes(_ path: String) throws -> (mode: Int, group: UInt32, inode: UInt64) {
        let a = try FileManager.default.attributesOfItem(atPath: path)
        return ((a[.posixPermissions] as? NSNumber)?.intValue ?? -1, (a[.groupOwnerAccountID] as? NSNumber)?.uint32Value ?? .max,
                (a[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0)
    }

    /// Dates linked from the index, in its order.
    static func indexed(_ index: String) -> [String] {
        index.components(separatedBy: "<a href=\"").dropFirst().compactMap { piece -> String? in
            let name = piece.prefix { $0 != "\"" }
            return name.hasSuffix(".html") && name != "latest.html" ? String(name.dropLast(5)) : nil
        }
    }

    @Test func threeNightsWriteThreePagesLatestAndAnIndexThenRetentionRemovesTheOldest() throws {
        let rig = try Self.rig("pages", report: """
            // kept three days, read by the test's own group
            { "folder": "qa/pages", "keep_days": 3, "mode": "0640", "group": "\(Self.group)" }
            """)
        try rig.daemon.startUp()
        Self.night(rig, "2026-11-01T12:00:00Z")             // the missed run of the 1st: as of 10-31
        // A ratings file for last week arrives after that page: three calls of 17 to 23 October.
        try rig.scratch.write("late-ratings.csv", "call_id,rating,question,rated_at\nF0078,5,overall,2026-11-01T13:00:00Z\n"
                              + "F0073,2,overall,2026-11-01T13:00:00Z\nF0057,4,overall,2026-11-01T13:00:00Z\n")
        _ = try Ingestion(store: rig.store).ingest(file: rig.scratch.file("late-ratings.csv"), kind: .ratings)
        Self.night(rig, "2026-11-02T01:30:00Z")             // 02:30 in Zurich: as of 11-01
        Self.night(rig, "2026-11-03T01:30:00Z")             // as of 11-02

        let folder = "qa/pages"
        #expect(rig.scratch.files(under: folder) == ["2026-10-31.html", "2026-11-01.html", "2026-11-02.html", "index.html", "latest.html"])
        #expect(rig.lines.all.filter { $0.contains("event=report-written") }.count == 3)
        // The feed was published each night, before each page.
        #expect(try rig.store.connection.scalarInt("SELECT count(*) FROM weight_feeds") == 3)
        #expect(rig.scratch.read("feeds/weights.csv") != nil)

        // latest.html is the newest page: the same file under a second name.
        let newest = try Self.attributes(rig.scratch.file("\(folder)/2026-11-02.html"))
        #expect(try Self.attributes(rig.scratch.file("\(folder)/latest.html")).inode == newest.inode)
        let page = try #require(rig.scratch.read("\(folder)/latest.html"))
        #expect(page.contains("<h1>Quality report · 2026-11-02</h1>"))
        #expect(page.contains("<a href=\"2026-11-01.html\">Previous page: 2026-11-01</a>"))
        #expect(page.contains("Nothing arrived late"))
        #expect(page.contains("Made by <code>callmeterd&#39;s nightly job</code> on 2026-11-03 01:30 UTC."))

        // The page after the late file says what arrived since the page before it.
        let second = try #require(rig.scratch.read("\(folder)/2026-11-01.html"))
        #expect(second.contains("<h2>Arrived since the page of 2026-10-31</h2>"))
        #expect(second.contains("/late-ratings.csv</span> <span class=\"id\">batch "))
        #expect(second.contains("<td data-label=\"Kind\">ratings</td><td class=\"num\" data-label=\"Rows\">3 ratings</td><td data-label=\"Calls of\">2026-10-17 to 2026-10-23</td>"))
        #expect(rig.lines.all.contains { $0.contains("event=report-written") && $0.contains("as_of=2026-11-01") && $0.contains("late_batches=1") })
        let first = try #require(rig.scratch.read("\(folder)/2026-10-31.html"))
        #expect(!first.contains("Arrived since") && !first.contains("Previous page"))

        // The index lists the kept days, newest first, with their headline figures.
        let index = try #require(rig.scratch.read("\(folder)/index.html"))
        #expect(Self.indexed(index) == ["2026-11-02", "2026-11-01", "2026-10-31"])
        let headline = try #require(PageHeadline.read(page: Substring(second)))
        #expect(headline.asOf.description == "2026-11-01" && headline.runAsOf == headline.asOf && headline.agentsScored == 4)
        #expect(headline.feedVersion == 2)
        #expect(index.contains("<td class=\"num\" data-label=\"Agents scored\">4</td>"))
        #expect(index.contains("<td class=\"num\" data-label=\"Feed\">v2</td>"))
        let csat = try #require(headline.csatTenths)
        #expect(index.contains("<td class=\"num\" data-label=\"CSAT\">\(ReportFormat.tenths(csat)) %</td>"))
        #expect(!index.contains("<script"))

        // Modes and group as configured, the folder made for them.
        for name in ["2026-10-31.html", "2026-11-01.html", "2026-11-02.html", "index.html", "latest.html"] {
            let file = try Self.attributes(rig.scratch.file("\(folder)/\(name)"))
            #expect(file.mode == 0o640 && file.group == getgid(), "\(name): \(String(file.mode, radix: 8)) group \(file.group)")
        }
        let made = try Self.attributes(rig.scratch.file(folder))
        #expect(made.mode == 0o750 && made.group == getgid())

        // A fourth night: the oldest page goes.
        Self.night(rig, "2026-11-04T01:30:00Z")
        #expect(rig.scratch.files(under: folder) == ["2026-11-01.html", "2026-11-02.html", "2026-11-03.html", "index.html", "latest.html"])
        #expect(Self.indexed(try #require(rig.scratch.read("\(folder)/index.html"))) == ["2026-11-03", "2026-11-02", "2026-11-01"])
        #expect(rig.lines.all.contains { $0.contains("event=report-written") && $0.contains("as_of=2026-11-03") && $0.contains("removed=2026-10-31") })

        // callmeter status: the latest page, its date and age.
        let lines = DaemonStatus(store: rig.store, inbox: nil, nowMilliseconds: FakeClock.parse("2026-11-04T03:30:00Z")).lines
        #expect(lines.contains("Page:     \(rig.scratch.file(folder))/latest.html: as of 2026-11-03, written 2026-11-04T01:30:00Z (2 h 0 min old)"),
                "\(lines)")
        #expect(!lines.contains { $0.contains("STALE") })
    }

    /// The page carries the Coverage section of the week after its as-of date, exactly as
    /// `callmeter report` draws it from the same store and staffing.json; a staffing.json that does
    /// not load is logged at start and leaves the page written, its Coverage saying why.
    @Test(arguments: [false, true])
    func thePageCarriesTheCoverageOfTheWeekAfterIt(brokenStaffing: Bool) throws {
        let rig = try Self.rig(
            brokenStaffing ? "coverage-broken" : "coverage", report: "{ \"folder\": \"reports\" }\n",
            staffing: brokenStaffing ? "{\n  \"interval_minutes\": 20\n}\n" : nil)
        let staffingFile = rig.scratch.file("rules/staffing.json")
        let zurich = IngestSettings(ratingScale: 1...5, format: .native, timeZone: TimeZone(identifier: "Europe/Zurich") ?? .current)
        _ = try Ingestion(store: rig.store).ingest(
            file: Repository.root.appendingPathComponent("Fixtures/commitments.csv").path, kind: .commitments, settings: zurich)
        try rig.daemon.startUp()
        Self.night(rig, "2026-11-01T12:00:00Z")
        let page = try #require(rig.scratch.read("reports/2026-10-31.html"))
        if brokenStaffing {
            #expect(rig.lines.all.contains { $0.contains("event=rules-invalid at=\(staffingFile):2:") && $0.contains("coverage is not available") })
            #expect(page.contains("<h2>Coverage</h2><p class=\"warn\">Not available: \(staffingFile):2:"))
            #expect(rig.scratch.read("feeds/weights.csv") != nil)
            return
        }
        #expect(page.contains("<h2>Coverage of 2026-W45</h2>"))
        let rules = URL(fileURLWithPath: rig.scratch.file("rules"), isDirectory: true)
        let center = try CenterRules.load(directory: rules)
        let report = try Reporting(store: rig.store).qaReport(
            asOf: CalendarDate("2026-10-31"), center: center, scoring: try ScoringRules.load(directory: rules, ratingScale: center.ratingScale),
            payroll: .success(try PayrollConfiguration.load(directory: rules)), weights: Weights.published(in: rig.store),
            generatedAt: Date(timeIntervalSince1970: 0), staffing: .success(try StaffingRules.load(directory: rules)))
        let coverage = QAReportHTML.coverage(report).markup
        #expect(coverage.hasPrefix("<h2>Coverage of 2026-W45</h2>"))
        #expect(page.contains(coverage))
    }

    /// A report.json that does not load at start: each night still scores and publishes the feed;
    /// the page fails, saying where and why, is retried, `status` says STALE; a fixed file and
    /// SIGHUP bring the page.
    @Test func aBrokenReportFileLeavesTheFeedPublishedAndSaysWhy() throws {
        let rig = try Self.rig("broken", report: "{\n  \"keep_days\": 0\n}\n")
        let reportFile = rig.scratch.file("rules/report.json")
        try rig.daemon.startUp()
        #expect(rig.lines.all.contains { $0.contains("event=rules-invalid at=\(reportFile):2:16") && $0.contains("the feed is published as usual") })
        Self.night(rig, "2026-11-01T12:00:00Z")
        #expect(try DaemonRecords(store: rig.store).lastNightlyRun()?.outcome == .ok)
        #expect(rig.scratch.read("feeds/weights.csv") != nil)
        #expect(rig.scratch.files(under: "reports").isEmpty)
        let failed = rig.lines.all.filter { $0.contains("event=report-failed") }
        #expect(failed.count == 1)
        #expect(failed.first?.contains("as_of=2026-10-31 attempt=1 at=\(reportFile):2:16") == true, "\(failed)")
        #expect(failed.first?.contains("keep_days: must be between 1 and 3660, found 0") == true)
        #expect(failed.first?.contains("retry_in=10 feed=published") == true)

        // Retried with backoff, not every round.
        rig.clock.advance(seconds: 5)
        rig.daemon.tick()
        #expect(rig.lines.all.filter { $0.contains("event=report-failed") }.count == 1)
        rig.clock.advance(seconds: 5)
        rig.daemon.tick()
        #expect(rig.lines.all.filter { $0.contains("event=report-failed") }.last?.contains("attempt=2") == true)

        let lines = DaemonStatus(store: rig.store, inbox: nil, nowMilliseconds: rig.clock.now).lines
        #expect(lines.contains { $0.hasPrefix("Page:     cannot tell: \(reportFile):2:16: keep_days") }, "\(lines)")

        // Fixed and SIGHUP: the page of the night is written.
        try Data("{ \"keep_days\": 5 }\n".utf8).write(to: URL(fileURLWithPath: reportFile))
        rig.daemon.control.requestReload()
        rig.clock.advance(seconds: 1)
        rig.daemon.tick()
        #expect(rig.lines.all.contains { $0.contains("event=rules-reloaded") })
        #expect(rig.scratch.files(under: "reports") == ["2026-10-31.html", "index.html", "latest.html"])
        let defaultMode = try Self.attributes(rig.scratch.file("reports/2026-10-31.html"))
        #expect(defaultMode.mode == 0o640)
    }

    /// A page that cannot be written (its folder is taken by a file) is retried and `status` says
    /// STALE; the nightly run stays a success and the feed is published.
    @Test func aPageThatCannotBeWrittenIsStaleInStatus() throws {
        let rig = try Self.rig("stale", report: #"{ "folder": "pages" }"#)
        try rig.daemon.startUp()
        Self.night(rig, "2026-11-01T12:00:00Z")
        #expect(rig.scratch.files(under: "pages") == ["2026-10-31.html", "index.html", "latest.html"])
        try FileManager.default.removeItem(atPath: rig.scratch.file("pages"))
        try rig.scratch.write("pages", "not a folder", direct: true)
        Self.night(rig, "2026-11-02T01:30:00Z")
        #expect(try DaemonRecords(store: rig.store).lastNightlyRun()?.outcome == .ok)
        #expect(rig.lines.all.contains { $0.contains("event=report-failed") && $0.contains("as_of=2026-11-01") && $0.contains("it exists and is not a folder") })
        try FileManager.default.removeItem(atPath: rig.scratch.file("pages"))
        let lines = DaemonStatus(store: rig.store, inbox: nil, nowMilliseconds: rig.clock.now).lines
        #expect(lines.contains("Page:     none yet in \(rig.scratch.file("pages"))"), "\(lines)")
        #expect(lines.contains { $0.contains("STALE: the last nightly run (2026-11-02, as of 2026-11-01) has no page") })

        // The folder back, with an older page as latest: still STALE, naming the page's date.
        rig.clock.advance(seconds: 1)
        try FileManager.default.createDirectory(atPath: rig.scratch.file("pages"), withIntermediateDirectories: true)
        let old = try #require(rig.scratch.read("feeds/weights.csv"))
        #expect(!old.isEmpty)
        try rig.scratch.write("pages/latest.html", """
            <!DOCTYPE html><html><head><meta name="callmeter-page" content="as_of=2026-10-31 run=2026-10-31 generated=1793577600 \
            agents=4 with_score=4 ratings=68 satisfied=51 bands=1,1,1,1,0 feed=1"></head></html>
            """)
        let before = DaemonStatus(store: rig.store, inbox: nil, nowMilliseconds: rig.clock.now).lines
        #expect(before.contains { $0.contains("latest.html: as of 2026-10-31, written 2026-11-02T00:00:00Z") }, "\(before)")
        #expect(before.contains { $0.contains("STALE") })
        // The next round writes the missing page: no longer stale.
        rig.clock.advance(seconds: 60)
        rig.daemon.tick()
        let after = DaemonStatus(store: rig.store, inbox: nil, nowMilliseconds: rig.clock.now).lines
        #expect(after.contains { $0.contains("latest.html: as of 2026-11-01") }, "\(after)")
        #expect(!after.contains { $0.contains("STALE") })
    }

    /// A publish that fails halfway (the index cannot be replaced) leaves latest.html as it was and
    /// is done again whole at the retry.
    @Test func aPageThatFailedHalfwayIsWrittenAgainWhole() throws {
        let rig = try Self.rig("halfway", report: "{}")
        try rig.daemon.startUp()
        Self.night(rig, "2026-11-01T12:00:00Z")
        try FileManager.default.removeItem(atPath: rig.scratch.file("reports/index.html"))
        try FileManager.default.createDirectory(atPath: rig.scratch.file("reports/index.html/taken"), withIntermediateDirectories: true)
        Self.night(rig, "2026-11-02T01:30:00Z")
        #expect(rig.lines.all.contains { $0.contains("event=report-failed") && $0.contains("as_of=2026-11-01") && $0.contains("index.html") })
        #expect(PageHeadline.read(page: Substring(try #require(rig.scratch.read("reports/latest.html"))))?.asOf.description == "2026-10-31")
        try FileManager.default.removeItem(atPath: rig.scratch.file("reports/index.html"))
        rig.clock.advance(seconds: 10)
        rig.daemon.tick()
        #expect(PageHeadline.read(page: Substring(try #require(rig.scratch.read("reports/latest.html"))))?.asOf.description == "2026-11-01")
        #expect(Self.indexed(try #require(rig.scratch.read("reports/index.html"))) == ["2026-11-01", "2026-10-31"])
    }

    /// The morning page and the index in a real browser (the harness of the report's browser test).
    @Test(.enabled(if: Chromium.path != nil, "chromium is not on PATH (Debian: apt-get install chromium); .ci/run installs it"),
          .timeLimit(.minutes(10)))
    func theMorningPageAndTheIndexRenderInAHeadlessBrowser() throws {
        let rig = try Self.rig("browser", report: "{}")
        try rig.daemon.startUp()
        Self.night(rig, "2026-11-01T12:00:00Z")
        Self.night(rig, "2026-11-02T01:30:00Z")
        for name in ["latest.html", "index.html"] {
            let url = URL(fileURLWithPath: rig.scratch.file("reports/\(name)"))
            let shot = rig.scratch.url.appendingPathComponent("\(name).png")
            let dom = rig.scratch.url.appendingPathComponent("\(name).dom")
            let log = rig.scratch.url.appendingPathComponent("chromium.log")
            try Chromium.run(["--screenshot=\(shot.path)"], url: url, width: 1280, height: 1600, output: log, scratch: rig.scratch.url)
            try Chromium.run(["--dump-dom"], url: url, width: 1280, height: 1600, output: dom, scratch: rig.scratch.url)
            let png = try Data(contentsOf: shot)
            #expect(Chromium.pngSize(png).map { $0.width == 1280 && $0.height == 1600 } == true)
            // A blank page of that size compresses to about 10 KB.
            #expect(png.count > 30_000, "\(name): \(png.count) bytes")
            let text = try String(contentsOf: dom, encoding: .utf8)
            #expect(!text.contains("<script"))
            if name == "latest.html" {
                #expect(text.contains("<h1>Quality report · 2026-11-01</h1>"))
                #expect(text.contains("Arrived since the page of 2026-10-31"))
                #expect(text.contains(">Anna Keller</span>"))
            } else {
                #expect(text.contains("<h1>Morning pages</h1>"))
                #expect(Self.indexed(text) == ["2026-11-01", "2026-10-31"])
            }
        }
    }
}
