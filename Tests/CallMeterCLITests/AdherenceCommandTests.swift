import CallMeter
import Foundation
import Testing

// `callmeter adherence PERIOD` through the CLI, with the shipped rules (Europe/Zurich).

/// a1 commits 2026-11-02 08:00-12:00 and 2026-11-03 08:00-09:00 (local); a2 commits 2026-11-02
/// 09:00-10:00 but no queue_log of theirs is imported. a1 is logged in 07:30-12:30 local on
/// 2026-11-02, paused 10:00-10:30, and never on 2026-11-03.
private func workspaceWithAdherence(_ workspace: Workspace) throws {
    try workspace.write("agents.csv", "agent_id,name\na1,Anna\na2,Bea\n")
    #expect(workspace.run("ingest", "agents", "agents.csv").status == 0)
    try workspace.write("commitments.csv", """
        agent_id,date,from,to
        a1,2026-11-02,08:00,12:00
        a1,2026-11-03,08:00,09:00
        a2,2026-11-02,09:00,10:00

        """)
    #expect(workspace.run("ingest", "commitments", "commitments.csv").status == 0)
    try workspace.write("queue_log", """
        1793601000|MANAGER|support|SIP/a1|ADDMEMBER|
        1793610000|NONE|support|SIP/a1|PAUSE|
        1793611800|NONE|support|SIP/a1|UNPAUSE|
        1793619000|MANAGER|support|SIP/a1|REMOVEMEMBER|

        """)
    let ingest = workspace.run("ingest", "cdr", "--format=asterisk-queue-log", "queue_log")
    #expect(ingest.status == 0, "\(ingest.err)")
}

@Test func adherencePrintsCommittedAvailableAndTheNoShows() throws {
    try withWorkspace { workspace in
        try workspaceWithAdherence(workspace)
        let result = workspace.run("adherence", "2026-W45")
        #expect(result.status == 0, "\(result.err)")
        let lines = result.out.split(separator: "\n").map { String($0) }
        #expect(lines.first == "Adherence 2026-W45 (2026-11-02 to 2026-11-08, Europe/Zurich)")
        // 300 committed, 240 logged in within them less 30 paused = 210 available (70.0 %), 60 outside.
        #expect(lines.contains { $0.hasPrefix("a1") && $0.contains(" 300.0 ") && $0.contains(" 210.0 ") && $0.contains("70.0 %") && $0.hasSuffix(" 60.0         1") }, "\(result.out)")
        #expect(lines.contains { $0.hasPrefix("a2") && $0.contains(" 60.0 ") && $0.contains("no session data") }, "\(result.out)")
        #expect(lines.contains { $0.contains("a1") && $0.contains("2026-11-03  2026-11-03 08:00  2026-11-03 09:00") }, "\(result.out)")
        #expect(result.out.contains("All agents with session data: 210.0 of 300.0 committed minutes available = 70.0 %."))
        // Same inputs, same bytes.
        #expect(workspace.run("adherence", "2026-W45").out == result.out)
    }
}

@Test func adherenceWritesCSVAndJSON() throws {
    try withWorkspace { workspace in
        try workspaceWithAdherence(workspace)
        #expect(workspace.run("adherence", "2026-11", "--csv", "adherence.csv").status == 0)
        let csv = try String(contentsOfFile: workspace.path("adherence.csv"), encoding: .utf8)
        #expect(csv == """
            agent_id,name,committed_minutes,available_minutes,adherence_percent,logged_in_in_commitment_minutes,outside_minutes,no_shows,session_data\r
            a1,Anna,300.0,210.0,70.0,240.0,60.0,1,yes\r
            a2,Bea,60.0,,,,,,no\r

            """)
        let json = workspace.run("adherence", "2026-11", "--json")
        #expect(json.status == 0)
        #expect(json.out.contains(#""adherence_percent": 70.0"#))
        #expect(json.out.contains(#""local_start": "2026-11-03 08:00""#))
        #expect(json.out.contains(#""start": "2026-11-03T07:00:00Z""#))
        #expect(json.out.contains(#""session_data": false"#))
    }
}

@Test func adherenceUsageErrors() throws {
    try withWorkspace { workspace in
        #expect(workspace.run("adherence").status == 64)
        #expect(workspace.run("adherence", "2026-13").status == 64)
        #expect(workspace.run("adherence", "2026-11", "--csv", "x.csv", "--json").status == 64)
        let help = workspace.run("help", "adherence")
        #expect(help.status == 0 && help.out.contains("USAGE: callmeter [--db PATH] [--rules DIR] adherence PERIOD"))
        #expect(workspace.run("help").out.contains("adherence"))
    }
}

/// A generated month with its commitments and its agents' queue_log: adherence finds exactly the
/// no-shows `generate` planted (`truth-no-shows.csv`), and every agent with commitments has session
/// data, with late logins and pauses below 100 %.
@Test func adherenceFindsExactlyThePlantedNoShows() throws {
    try withWorkspace { workspace in
        let generate = workspace.run("generate", "--agents", "12", "--days", "31", "--calls-per-day", "40", "--seed", "7",
                                     "--out", "generated", "--first-day", "2026-10-01")
        #expect(generate.status == 0, "\(generate.err)")
        #expect(workspace.run("ingest", "agents", "generated/agents.csv").status == 0)
        #expect(workspace.run("ingest", "commitments", "generated/commitments.csv").status == 0)
        let sessions = workspace.run("ingest", "cdr", "--format", "asterisk-queue-log", "generated/queue_log")
        #expect(sessions.status == 0, "\(sessions.err)")

        let truth = try String(contentsOfFile: workspace.path("generated/truth-no-shows.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { String($0) }
        #expect(truth.count >= 3, "the generator plants no-shows")

        let result = workspace.run("adherence", "2026-10", "--json")
        #expect(result.status == 0, "\(result.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        let agents = try #require(json["agents"] as? [[String: Any]])
        var found: [String] = []
        for agent in agents {
            let id = try #require(agent["agent_id"] as? String)
            #expect(agent["session_data"] as? Bool == true, "\(id)")
            let committed = try #require(agent["committed_seconds"] as? Int)
            let available = try #require(agent["available_in_commitment_seconds"] as? Int)
            #expect(committed > 0 && available < committed, "\(id): pauses and late logins")
            for noShow in try #require(agent["no_shows"] as? [[String: Any]]) {
                let start = try #require(noShow["local_start"] as? String), end = try #require(noShow["local_end"] as? String)
                found.append("\(id),\(noShow["date"] as? String ?? ""),\(start.suffix(5)),\(end.suffix(5))")
            }
        }
        #expect(found.sorted() == truth.sorted())
        // The text lists the same number.
        #expect(workspace.run("adherence", "2026-10").out.contains("No-shows (commitments without a single logged-in second): \(truth.count)"))
    }
}
