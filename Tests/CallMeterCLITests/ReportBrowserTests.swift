import Foundation
import Testing
import CallMeterCLI

/// Headless Chromium (Debian package `chromium`, installed by .ci/run), found on PATH.
enum Chromium {
    static let path: String? = {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return directories.map { "\($0)/chromium" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Longest a single browser run may take before it is killed.
    static let timeout: TimeInterval = 90

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs chromium headless on `url` with `arguments` (one of `--screenshot=FILE`, `--dump-dom`),
    /// standard output to `output`; killed by its PID after `timeout`. A fresh profile each run, so
    /// that runs in parallel do not share one.
    static func run(_ arguments: [String], url: URL, width: Int, height: Int, output: URL, scratch: URL) throws {
        guard let path else { throw Failure(description: "chromium is not on PATH") }
        let profile = scratch.appendingPathComponent("profile-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let out = try FileHandle(forWritingTo: output)
        defer { try? out.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--disable-extensions",
            "--user-data-dir=\(profile.path)", "--window-size=\(width),\(height)",
        ] + arguments + [url.absoluteString]
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw Failure(description: "chromium \(arguments.joined(separator: " ")) did not finish in \(Int(timeout)) s: killed")
        }
        guard process.terminationStatus == 0 else {
            throw Failure(description: "chromium \(arguments.joined(separator: " ")) exited with \(process.terminationStatus)")
        }
    }

    /// Width and height from a PNG's IHDR chunk; nil when the bytes are not a PNG.
    static func pngSize(_ data: Data) -> (width: Int, height: Int)? {
        let bytes = [UInt8](data.prefix(24))
        guard bytes.count == 24, bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A],
              bytes[12..<16] == [0x49, 0x48, 0x44, 0x52] else { return nil }
        func be32(_ at: Int) -> Int { bytes[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
        return (be32(16), be32(20))
    }
}

/// The fixtures' report in a real browser, at a desktop and a phone width: the screenshot has
/// content (it is much larger than the screenshot of an empty page of the same size, which
/// compresses to almost nothing) and the page's text holds every agent.
@Test(.enabled(if: Chromium.path != nil, "chromium is not on PATH (Debian: apt-get install chromium); .ci/run installs it"),
      .timeLimit(.minutes(3)),
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
