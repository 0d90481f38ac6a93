import CallMeterTestSupport
import Foundation
import Testing

// An outbound row that gives the number dialled as its hotline: the call is scored and paid, under
// the hotline `outbound`, and the number is printed nowhere and stored nowhere in clear.

private let dialled = "+41 79 765 43 21"

private func outboundWorkspace() throws -> Workspace {
    let workspace = try Workspace()
    for (kind, file) in [("agents", "agents.csv"), ("cdr", "cdr.csv"), ("ratings", "ratings.csv")] {
        let result = workspace.run(["ingest", kind, packageRoot.appendingPathComponent("Fixtures/\(file)").path])
        #expect(result.status == 0, "\(result.err)")
    }
    let calls = try workspace.write("outbound.csv", """
        call_id,hotline,agent_id,started_at,answered_at,ended_at,disposition,talk_seconds,direction
        OUT1,\(dialled),a100,2026-10-20T08:00:00Z,2026-10-20T08:00:10Z,2026-10-20T08:05:10Z,answered,300,outbound

        """)
    let ingest = workspace.run(["ingest", "cdr", calls])
    #expect(ingest.status == 0, "\(ingest.err)")
    return workspace
}

@Test func anOutboundCallWithTheNumberAsHotlineIsPaidUnderOutbound() throws {
    let workspace = try outboundWorkspace()
    defer { try? FileManager.default.removeItem(at: workspace.url) }
    let digits = dialled.filter(\.isNumber)
    var printed = ""
    // Not priced until tiers.json names `outbound`; the summary says so without the number.
    let unpriced = workspace.run(["payroll", "2026-10"])
    #expect(unpriced.status == 0, "\(unpriced.err)")
    #expect(unpriced.out.contains("\"outbound\": 1 call, hotline not in tiers.json \"hotlines\""), "\(unpriced.out)")
    printed += unpriced.out + unpriced.err
    // Priced once it is named.
    let tiers = workspace.path("Rules/tiers.json")
    var rules = try String(contentsOfFile: tiers, encoding: .utf8)
    rules = rules.replacingOccurrences(
        of: "{ \"hotline\": \"+41800100100\", \"name\": \"Orders\", \"tier\": \"order\" },",
        with: "{ \"hotline\": \"+41800100100\", \"name\": \"Orders\", \"tier\": \"order\" },\n        { \"hotline\": \"outbound\", \"tier\": \"order\" },")
    try rules.write(toFile: tiers, atomically: true, encoding: .utf8)
    let priced = workspace.run(["payroll", "2026-10"])
    #expect(priced.status == 0, "\(priced.err)")
    #expect(!priced.out.contains("Not priced"), "\(priced.out)")
    printed += priced.out + priced.err
    for arguments in [["score", "--as-of", "2026-10-31"], ["scores", "--agent", "a100"], ["status"], ["check"]] {
        let result = workspace.run(arguments)
        #expect(result.status == 0, "\(arguments): \(result.err)")
        printed += result.out + result.err
    }
    for trace in [dialled, digits, String(digits.suffix(7))] {
        #expect(!printed.contains(trace), "printed \(trace)")
        #expect(!contains(databaseBytes(workspace.database), trace), "stored \(trace)")
    }
}

private func databaseBytes(_ path: String) -> [UInt8] {
    ["", "-wal"].flatMap { suffix in FileManager.default.contents(atPath: path + suffix).map { Array($0) } ?? [] }
}
