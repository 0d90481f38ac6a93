import Foundation
import Testing
@testable import CallMeter

/// What the reader thread saw.
private final class ReaderLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stopped = false
    private var reads = 0
    private var bad: [String] = []
    private var versions: [Int] = []

    var isStopped: Bool { lock.withLock { stopped } }
    func stop() { lock.withLock { stopped = true } }
    func record(version: Int) { lock.withLock { reads += 1; versions.append(version) } }
    func record(bad text: String) { lock.withLock { reads += 1; bad.append(text) } }
    var summary: (reads: Int, bad: [String], versions: [Int]) { lock.withLock { (reads, bad, versions) } }
}

/// The version of a complete JSON feed: it starts and ends as a whole feed does and has every
/// agent line (cheaper than parsing it, so the reader reads often); nil for anything else.
private func completeFeedVersion(_ data: Data, agents: Int) -> Int? {
    let text = String(decoding: data, as: UTF8.self)
    guard text.hasPrefix("{\n  \"version\": "), text.hasSuffix("\n  ]\n}\n"),
          text.components(separatedBy: "{ \"agent_id\": ").count == agents + 1 else { return nil }
    let digits = text.dropFirst("{\n  \"version\": ".count).prefix { $0.isNumber }
    return Int(digits)
}

@Test func aReaderNeverSeesAPartialOrEmptyFeedDuring1000Publishes() throws {
    // On tmpfs when there is one: this is about what a reader sees, not about durability, and
    // 2,000 fsyncs on a shared disk would make the test slow.
    let fixture = try RoutingFixture(count: 12, under: FileManager.default.fileExists(atPath: "/dev/shm") ? URL(fileURLWithPath: "/dev/shm") : nil)
    let weights = fixture.weights([snapshot(1, "2026-10-31", (1...12).map { (RoutingFixture.id($0), 400 + $0 * 30) })])
    let path = fixture.path("w.json")
    try weights.publish(asOf: nil, format: .json, path: path, force: false)

    let log = ReaderLog()
    let done = DispatchSemaphore(value: 0)
    let reader = Thread {
        // Bounded: it stops when the publishes are done, or after 200,000 reads.
        for _ in 0..<200_000 where !log.isStopped {
            guard let data = FileManager.default.contents(atPath: path) else {
                log.record(bad: "missing")
                continue
            }
            if let version = completeFeedVersion(data, agents: 12) {
                log.record(version: version)
            } else {
                log.record(bad: "\(data.count) bytes: " + String(decoding: data.prefix(80), as: UTF8.self))
            }
            // A short breath, so the reader does not starve the publisher on a small machine.
            usleep(100)
        }
        done.signal()
    }
    reader.start()
    for number in 2...1000 {
        // Now and then a pin changes the feed's size, not only its version.
        if number % 10 == 0 {
            try weights.pin(agentID: "a01", weight: number % 20 == 0 ? 100 : 21, reason: "size change", until: nil)
        }
        fixture.now += 1
        try weights.publish(asOf: nil, format: .json, path: path, force: true)
    }
    log.stop()
    done.wait()

    let (reads, bad, versions) = log.summary
    #expect(bad.isEmpty, "\(bad.count) bad reads, first: \(bad.first ?? "")")
    #expect(reads > 0)
    // The versions a single reader sees never go back.
    #expect(versions == versions.sorted())
    #expect(Set(versions).count > 1, "the reader never overlapped a publish")
    #expect(completeFeedVersion(try Data(contentsOf: URL(fileURLWithPath: path)), agents: 12) == 1000)
    // No temporary file is left behind.
    let names = try FileManager.default.contentsOfDirectory(atPath: fixture.path(""))
    #expect(!names.contains { $0.contains(".tmp-") })
}

@Test func atomicWriteReplacesTheFileAndCreatesItsFolder() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("callmeter-atomic-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("a/b/feed").path
    try FeedFiles.write(Array("one".utf8), to: path)
    try FeedFiles.write(Array("two".utf8), to: path)
    #expect(FileManager.default.contents(atPath: path) == Data("two".utf8))
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o644)
    #expect(throws: RoutingError.self) { try FeedFiles.write([1], to: "/proc/callmeter-cannot-write-here/feed") }
}
