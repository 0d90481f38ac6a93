import Foundation
import CallMeterTestSupport
import Testing
@testable import CallMeter

// The directory's `asterisk_interface` and `queues` columns (issue 18): what the Asterisk feeds
// read to write queue members.

private func membership(_ store: Store) throws -> [String: (interface: String?, queues: [String])] {
    try RoutingDatabase(connection: store.connection).directory().mapValues { ($0.asteriskInterface, $0.queues) }
}

@Test func storesInterfacesAndSortedDistinctQueues() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        let report = try Ingestion(store: store).ingest(file: try scratch.write("agents.csv", """
            agent_id,name,asterisk_interface,queues
            a1,Anna,PJSIP/1001,support; sales ;support
            a2,Bea,Local/1002@agents/n,
            a3,Cem,,billing

            """), kind: .agents)
        #expect(report.rowsAccepted == 3)
        let found = try membership(store)
        #expect(found["a1"]?.interface == "PJSIP/1001")
        #expect(found["a1"]?.queues == ["sales", "support"])
        #expect(found["a2"]?.interface == "Local/1002@agents/n")
        #expect(found["a2"]?.queues == [])
        #expect(found["a3"]?.interface == nil)
        #expect(found["a3"]?.queues == ["billing"])
        #expect(try store.connection.scalarText("SELECT queues FROM agents WHERE agent_id = 'a1'") == "sales;support")
    }
}

@Test func aFileWithoutTheColumnsKeepsThem() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        _ = try Ingestion(store: store).ingest(file: try scratch.write("v1.csv", "agent_id,name,asterisk_interface,queues\na1,Anna,PJSIP/1001,support\n"),
                                               kind: .agents)
        _ = try Ingestion(store: store).ingest(file: try scratch.write("v2.csv", "agent_id,name\na1,Anna Keller\n"), kind: .agents)
        #expect(try membership(store)["a1"]?.interface == "PJSIP/1001")
        #expect(try membership(store)["a1"]?.queues == ["support"])
    }
}

@Test(arguments: [
    ("a1,Anna,PJSIP 1001,support", 9, "asterisk_interface", "'PJSIP 1001' is not an Asterisk interface (TECH/RESOURCE"),
    ("a1,Anna,1001,support", 9, "asterisk_interface", "'1001' is not an Asterisk interface"),
    ("a1,Anna,PJSIP/,support", 9, "asterisk_interface", "is not an Asterisk interface"),
    ("a1,Anna,\"PJSIP/10,01\",support", 9, "asterisk_interface", "is not an Asterisk interface"),
    ("a1,Anna,PJSIP/1001,support;;sales", 20, "queues", "an empty queue name between ';'"),
    ("a1,Anna,PJSIP/1001,sup port", 20, "queues", "'sup port' is not a queue name"),
    ("a1,Anna,PJSIP/1001,General", 20, "queues", "[general] is the settings section of queues.conf"),
])
func badMembershipRows(_ row: String, _ column: Int, _ field: String, _ reason: String) throws {
    try withScratch { scratch in
        let store = try scratch.store()
        let file = try scratch.write("agents.csv", "agent_id,name,asterisk_interface,queues\n" + row + "\n")
        let report = try Ingestion(store: store).ingest(file: file, kind: .agents)
        let reject = try #require(report.firstRejects.first)
        #expect(reject.description.hasPrefix("\(file):2:\(column): \(field): "), "\(reject.description)")
        #expect(reject.reason.contains(reason), "\(reject.reason)")
        #expect(try store.count("agents") == 0)
    }
}

@Test func voidingAnAgentsBatchPutsInterfaceAndQueuesBack() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        _ = try Ingestion(store: store).ingest(file: try scratch.write("v1.csv", """
            agent_id,name,asterisk_interface,queues
            a1,Anna,PJSIP/1001,support

            """), kind: .agents)
        let change = try Ingestion(store: store).ingest(file: try scratch.write("v2.csv", """
            agent_id,name,asterisk_interface,queues
            a1,Anna,PJSIP/2001,sales;billing
            a2,Bea,PJSIP/1002,support

            """), kind: .agents)
        #expect(try membership(store)["a1"]?.queues == ["billing", "sales"])
        let summary = try store.voidBatch(change.batchID, reason: "wrong queues", by: "qa")
        #expect(summary.agentsRestored == 1 && summary.agentsLeftDirectory == 1)
        let found = try membership(store)
        #expect(found["a1"]?.interface == "PJSIP/1001")
        #expect(found["a1"]?.queues == ["support"])
        // Created by the voided batch: no longer in the directory, and in no queue.
        #expect(found["a2"]?.interface == nil)
        #expect(found["a2"]?.queues == [])
    }
}
