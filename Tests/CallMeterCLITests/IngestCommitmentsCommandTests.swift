import CallMeter
import Foundation
import Testing

// `callmeter ingest commitments FILE...` through the CLI, with the shipped rules (Europe/Zurich).

@Test func ingestCommitmentsStoresGoodRowsAndNamesTheBadOnes() throws {
    try withWorkspace { workspace in
        try workspace.write("agents.csv", "agent_id,name,hotlines\na1,Anna,+41800100100\na2,Bea,\n")
        #expect(workspace.run("ingest", "agents", "agents.csv").status == 0)
        try workspace.write("commitments.csv", """
            agent_id,date,from,to,hotlines
            a1,2026-11-02,08:00,12:00,+41800100100
            a1,2026-11-02,13:00,17:00,+41800200200
            a2,2026-11-02,22:00,06:00,

            """)
        let result = workspace.run("ingest", "commitments", "commitments.csv")
        #expect(result.status == 65, "\(result.err)")
        #expect(result.err.contains("commitments.csv:3:27: hotlines: agent a1 may take only +41800100100"), "\(result.err)")
        let connection = try Connection(path: workspace.database, create: false)
        #expect(try connection.scalarInt("SELECT count(*) FROM commitments") == 2)
        // Another zone than the center's.
        try workspace.write("utc.csv", "agent_id,date,from,to\na2,2026-11-03,08:00,09:00\n")
        #expect(workspace.run("ingest", "commitments", "--timezone", "UTC", "utc.csv").status == 0)
        #expect(try connection.scalarInt("SELECT starts_at FROM commitments WHERE local_date = '2026-11-03'") == 1_793_577_600 + 32 * 3600)
    }
}

@Test func ingestCommitmentsRefusesAnotherFormat() throws {
    try withWorkspace { workspace in
        let result = workspace.run("ingest", "commitments", "--format", "asterisk-csv", "x.csv")
        #expect(result.status == 64)
        #expect(result.err.contains("--format asterisk-csv is for call records"), "\(result.err)")
    }
}
