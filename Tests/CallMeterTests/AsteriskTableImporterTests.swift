import Foundation
import Testing
@testable import CallMeter

/// `Fixtures/asterisk/cdr-table.csv`: a PBXware-style dump of the CDR table (header, `NULL` for
/// empty, `""Name" <1115>"` and `""" <2125550123>"` clids with unescaped inner quotes, calldate
/// only, a Local channel half with a NULL dst, a FAILED leg with billsec > 0). Times America/New_York.
@Test func cdrTableExport() throws {
    let scratch = try ScratchStore()
    let report = try scratch.ingest(asteriskFixture("cdr-table.csv"), .asteriskCDRTable, zone: "America/New_York")
    #expect(report.format == "asterisk-cdr-table")
    #expect(report.rowsRead == 5)
    #expect(report.rowsAccepted == 5)
    // 'carrier' brought a call from an outside number and carried one to an outside number.
    #expect(report.warnings == [
        "'carrier' looks like a trunk (calls from and to outside numbers) but is not in \"trunks\" of asterisk.json: "
            + "it is taken for agents; add it to \"trunks\" before ingesting this PBX's files",
    ])
    #expect(report.callsStored == 3)
    #expect(report.legsMerged == 2)
    #expect(try scratch.calls() == [
        // Answer = calldate + duration − billsec; both halves of the Local channel are agent 1141.
        StoredCall(callID: "1543602676.10", hotline: "6001", agent: "1141", started: "2018-11-30T18:31:16Z",
                   answered: "2018-11-30T18:32:09Z", ended: "2018-11-30T18:46:16Z", disposition: "answered", talk: 847, queue: "IT"),
        // Without a trunk list the trunk's peer name is taken for the agent (see trunksAndRenames);
        // the number dialled is kept only as a pseudonym.
        StoredCall(callID: "1543604400.20", hotline: try scratch.hotlinePseudonym("2125550123"), agent: "carrier", started: "2018-11-30T19:00:00Z",
                   answered: "2018-11-30T19:00:05Z", ended: "2018-11-30T19:00:25Z", disposition: "answered", talk: 20),
        StoredCall(callID: "1543605000.30", hotline: "6001", agent: "1127", started: "2018-11-30T19:10:00Z",
                   answered: nil, ended: "2018-11-30T19:10:40Z", disposition: "missed", talk: 0, queue: "IT"),
    ])
}

@Test func cdrTableNeedsATimeColumn() throws {
    let scratch = try ScratchStore()
    let path = try scratch.file("cdr.csv", "dst,channel,dstchannel,duration,billsec,disposition\n800,SIP/a-1,SIP/b-2,10,5,ANSWERED\n")
    let error = #expect(throws: IngestFileError.self) { try scratch.ingest(path, .asteriskCDRTable) }
    #expect(error?.description == "1:1: needs a calldate column, or start (with answer and end)")
}

/// A table with start, answer and end columns (cdr_adaptive_odbc) reads them like Master.csv does.
@Test func cdrTableWithStartAnswerEnd() throws {
    let scratch = try ScratchStore()
    let path = try scratch.file("cdr.csv", """
        start,answer,end,src,dst,channel,dstchannel,lastapp,lastdata,duration,billsec,disposition,uniqueid,linkedid
        2026-10-25 02:30:00,2026-10-25 02:30:05,2026-10-25 02:31:05,0791234567,800,SIP/carrier-1,SIP/agent1001-2,Dial,NULL,65,60,ANSWERED,1792891800.1,NULL

        """)
    _ = try scratch.ingest(path, .asteriskCDRTable)
    #expect(try scratch.calls() == [
        StoredCall(callID: "1792891800.1", hotline: "800", agent: "agent1001", started: "2026-10-25T01:30:00Z",
                   answered: "2026-10-25T01:30:05Z", ended: "2026-10-25T01:31:05Z", disposition: "answered", talk: 60),
    ])
}

@Test func nativeOnlyKindsRefuseOtherFormats() throws {
    let scratch = try ScratchStore()
    let path = try scratch.file("ratings.csv", "call_id,rating\nA,5\n")
    let error = #expect(throws: IngestFileError.self) {
        try Ingestion(store: scratch.store).ingest(file: path, kind: .ratings, settings: ScratchStore.settings(.asteriskCSV))
    }
    #expect(error == .formatNotForKind(format: "asterisk-csv", kind: "ratings"))
}
