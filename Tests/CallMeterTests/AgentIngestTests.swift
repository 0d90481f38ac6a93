import Foundation
import CallMeterTestSupport
import Testing
@testable import CallMeter

private struct StoredAgent: Equatable {
    var name: String?
    var sipURI: String?
    var active: Int64
    var startedOn: String?
    var inDirectory: Int64
}

private func agent(_ store: Store, _ id: String) throws -> StoredAgent? {
    try store.connection.cached("SELECT name, sip_uri, active, started_on, in_directory FROM agents WHERE agent_id = ?")
        .rows([.text(id)]) {
            StoredAgent(name: $0.optionalText(0), sipURI: $0.optionalText(1), active: $0.int64(2), startedOn: $0.optionalText(3),
                        inDirectory: $0.int64(4))
        }.first
}

@Test func importsTheDirectory() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        let report = try Ingestion(store: store).ingest(file: try scratch.write("agents.csv", """
            agent_id,name,sip_uri,active,started_on
            a1,Anna Keller,sip:a1@127.0.0.1:5071,true,2025-03-01
            a2,"Dupont, Claire",,FALSE,
            a3,Zoë Müller,sips:a3@example.org,0,2024-02-29

            """), kind: .agents)
        #expect(report.rowsAccepted == 3)
        #expect(try agent(store, "a1") == StoredAgent(name: "Anna Keller", sipURI: "sip:a1@127.0.0.1:5071", active: 1, startedOn: "2025-03-01", inDirectory: 1))
        #expect(try agent(store, "a2") == StoredAgent(name: "Dupont, Claire", sipURI: nil, active: 0, startedOn: nil, inDirectory: 1))
        #expect(try agent(store, "a3")?.name == "Zoë Müller")
        #expect(try agent(store, "a3")?.active == 0)
    }
}

@Test func reimportUpdatesNamesAndFlags() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        _ = try Ingestion(store: store).ingest(file: try scratch.write("v1.csv", """
            agent_id,name,sip_uri,active,started_on
            a1,Anna Keller,sip:a1@pbx,true,2025-03-01
            a2,Marco Rossi,sip:a2@pbx,true,2024-11-01

            """), kind: .agents)
        let report = try Ingestion(store: store).ingest(file: try scratch.write("v2.csv", """
            agent_id,name,active
            a1,Anna Keller-Meier,false
            a2,Marco Rossi,yes

            """), kind: .agents)
        #expect(report.rowsAccepted == 2)
        #expect(report.rowsRejected == 0)
        // Name and flag change; the columns the second file does not have stay as they were.
        #expect(try agent(store, "a1") == StoredAgent(name: "Anna Keller-Meier", sipURI: "sip:a1@pbx", active: 0, startedOn: "2025-03-01", inDirectory: 1))
        #expect(try agent(store, "a2")?.active == 1)
        #expect(try store.count("agents") == 2)
    }
}

@Test func agentSeenInCallsJoinsTheDirectoryLater() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        _ = try Ingestion(store: store).ingest(file: try scratch.write("cdr.csv", CDR.file(CDR.row("C001", agent: "a7"))), kind: .cdr)
        #expect(try agent(store, "a7") == StoredAgent(name: nil, sipURI: nil, active: 1, startedOn: nil, inDirectory: 0))
        _ = try Ingestion(store: store).ingest(file: try scratch.write("agents.csv", Agents.file("a7,Neu Agent,true")), kind: .agents)
        #expect(try agent(store, "a7")?.name == "Neu Agent")
        #expect(try agent(store, "a7")?.inDirectory == 1)
        #expect(try store.count("agents") == 1)
        #expect(try store.count("calls", where: "agent = (SELECT id FROM agents WHERE agent_id = 'a7')") == 1)
    }
}

@Test(arguments: [
    ("agent_id,name,sip_uri\na1,Anna,http://x\n", 2, 9, "sip_uri", "'http://x' is not a SIP URI"),
    ("agent_id,name,started_on\na1,Anna,2025-02-29\n", 2, 9, "started_on", "is not a date (no such day)"),
    ("agent_id,name,started_on\na1,Anna,01.03.2025\n", 2, 9, "started_on", "is not a date like 2026-11-02"),
    ("agent_id,name,dispatch_set\na1,Anna,0\n", 2, 9, "dispatch_set", "must be 1 to 1000000"),
    ("agent_id,name\n,Anna\n", 2, 1, "agent_id", "required, but empty"),
])
func badAgentRows(_ text: String, _ line: Int, _ column: Int, _ field: String, _ reason: String) throws {
    try withScratch { scratch in
        let store = try scratch.store()
        let file = try scratch.write("agents.csv", text)
        let report = try Ingestion(store: store).ingest(file: file, kind: .agents)
        let reject = try #require(report.firstRejects.first)
        #expect(reject.description.hasPrefix("\(file):\(line):\(column): \(field): "))
        #expect(reject.reason.contains(reason))
        #expect(try store.count("agents") == 0)
    }
}

@Test func missingNameColumnStoresNothing() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        #expect(throws: IngestFileError.self) {
            _ = try Ingestion(store: store).ingest(file: try scratch.write("agents.csv", "agent_id,full_name\na1,Anna\n"), kind: .agents)
        }
        #expect(try store.count("agents") == 0)
        #expect(try store.count("batches") == 0)
    }
}
