import CallMeterCLI
import Foundation
import Testing

// Text from input files (agent names and ids, hotlines, file names) never reaches the terminal
// raw: control characters are shown escaped (`\e`, `\u{7}`), printable Unicode as it is.

private let evilName = "Anna\u{1B}]0;evil\u{7}\u{1B}[2J Keller\u{202E}"
private let evilNameShown = "Anna\\e]0;evil\\u{7}\\e[2J Keller\\u{202E}"
private let evilID = "x\u{1B}[31m9\u{9B}1"
private let evilIDShown = "x\\e[31m9\\u{9B}1"
private let evilFile = "calls\u{1B}]0;file\u{7}\n.csv"
private let evilFileShown = "calls\\e]0;file\\u{7}\\n.csv"

/// The shipped fixtures, a100 renamed with escape sequences, and a call of an agent whose id has
/// some, from a file whose name has some; scored and weighted as of 2026-10-31.
private func hostileWorkspace() throws -> Workspace {
    let workspace = try Workspace()
    for (kind, file) in [("agents", "agents.csv"), ("cdr", "cdr.csv"), ("ratings", "ratings.csv")] {
        let result = workspace.run(["ingest", kind, packageRoot.appendingPathComponent("Fixtures/\(file)").path])
        guard result.status == 0 else { throw HostileSetupError(text: result.err) }
    }
    let agents = try workspace.write("evil-agents.csv", "agent_id,name\na100,\"\(evilName)\"\n\"\(evilID)\",\"\(evilName)\"\n")
    let calls = try workspace.write(evilFile, """
        call_id,hotline,agent_id,started_at,answered_at,ended_at,disposition,talk_seconds,caller
        E1,+41800100100,"\(evilID)",2026-10-20T08:00:00Z,2026-10-20T08:00:10Z,2026-10-20T08:05:10Z,answered,300,+41 79 555 00 01

        """)
    let ratings = try workspace.write("evil-ratings.csv", "call_id,rating\nE1,5\n")
    for (kind, path) in [("agents", agents), ("cdr", calls), ("ratings", ratings)] {
        let result = workspace.run(["ingest", kind, path])
        guard result.status == 0 else { throw HostileSetupError(text: result.err) }
    }
    for arguments in [["score", "--as-of", "2026-10-31"], ["weights", "--as-of", "2026-10-31"]] {
        let result = workspace.run(arguments)
        guard result.status == 0 else { throw HostileSetupError(text: result.err) }
    }
    return workspace
}

private struct HostileSetupError: Error { let text: String }

/// The first character a terminal would act on, if any: C0 controls other than the line feed,
/// DEL, C1 controls, bidirectional controls.
private func firstControl(_ text: String) -> Unicode.Scalar? {
    text.unicodeScalars.first { scalar in
        let v = scalar.value
        return (v < 0x20 && scalar != "\n") || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v)
            || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F
    }
}

@Test(arguments: [
    ["scores", "--agent", "a100"],
    ["scores", "--agent", evilID],
    ["scores"],
    ["score", "--as-of", "2026-10-31"],
    ["score", "--as-of", "2026-10-31", "--explain", evilID],
    ["status"],
    ["payroll", "2026-10"],
    ["payroll", "fairness", "2026-10"],
    ["weights", "--as-of", "2026-10-31"],
    ["weights", "history", evilID],
    ["weights", "pin", evilID, "50", "--reason", "tested"],
])
func terminalOutputShowsControlCharactersEscaped(_ arguments: [String]) throws {
    let workspace = try hostileWorkspace()
    defer { try? FileManager.default.removeItem(at: workspace.url) }
    let result = workspace.run(arguments)
    #expect(result.status == 0, "\(result.err)")
    #expect(firstControl(result.out) == nil, "\(result.out.debugDescription)")
    #expect(firstControl(result.err) == nil, "\(result.err.debugDescription)")
    let shown = result.out + result.err
    #expect(shown.contains(evilNameShown) || shown.contains(evilIDShown) || shown.contains(evilFileShown), "\(shown)")
}

@Test func statusShowsAHostileFileNameEscapedOnOneLine() throws {
    let workspace = try hostileWorkspace()
    defer { try? FileManager.default.removeItem(at: workspace.url) }
    let result = workspace.run(["status"])
    #expect(result.status == 0, "\(result.err)")
    #expect(firstControl(result.out) == nil, "\(result.out.debugDescription)")
    let line = try #require(result.out.split(separator: "\n").first { $0.contains("calls\\e]0;file") })
    // The line break of the name is shown as `\n`: no line of its own.
    #expect(line.contains("calls\\e]0;file\\u{7}\\n.csv: 1 stored"))
}

@Test func ingestMessagesQuoteInputEscaped() throws {
    try withWorkspace { workspace in
        let path = try workspace.write("bad.csv", """
            call_id,hotline,agent_id,started_at,ended_at,disposition
            B1,+41800100100,a100,2026-10-20T08:00:00Z,2026-10-20T08:05:10Z,"ans\u{1B}]0;x\u{7}
            wered"

            """)
        let result = workspace.run(["ingest", "cdr", path])
        #expect(firstControl(result.out) == nil, "\(result.out.debugDescription)")
        #expect(firstControl(result.err) == nil, "\(result.err.debugDescription)")
        #expect(result.err.contains("'ans\\e]0;x\\u{7}\\nwered' is not one of answered"), "\(result.err)")
    }
}

@Test func jsonOutputEscapesControlCharactersByJSONRules() throws {
    let workspace = try hostileWorkspace()
    defer { try? FileManager.default.removeItem(at: workspace.url) }
    let result = workspace.run(["score", "--as-of", "2026-10-31", "--json"])
    #expect(result.status == 0, "\(result.err)")
    #expect(firstControl(result.out) == nil, "\(result.out.debugDescription)")
    #expect(result.out.contains("\\u001b]0;evil\\u0007"), "\(result.out)")
    #expect(result.out.contains("\\u202e"), "\(result.out)")
    // Still JSON, and it means the name as stored.
    let object = try JSONSerialization.jsonObject(with: Data(result.out.utf8))
    #expect(String(describing: object).contains("Anna"))
    #expect(jsonStrings(object).contains(evilName))
}

private func jsonStrings(_ value: Any) -> [String] {
    if let string = value as? String { return [string] }
    if let array = value as? [Any] { return array.flatMap(jsonStrings) }
    if let object = value as? [String: Any] { return object.values.flatMap(jsonStrings) }
    return []
}
