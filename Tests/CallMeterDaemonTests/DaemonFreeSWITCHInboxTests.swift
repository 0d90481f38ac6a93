@testable import CallMeter
@testable import CallMeterDaemon
import CallMeterTestSupport
import Foundation
import Testing

/// `freeswitch-csv/` holds FreeSWITCH `mod_cdr_csv` files, read like `callmeter ingest cdr --format
/// freeswitch-csv` in the center's time zone with the daemon's `freeswitch.json`; while that file
/// does not load, only this folder's files wait.
struct DaemonFreeSWITCHInboxTests {
    static func fixture() throws -> String {
        try String(contentsOf: Repository.root.appendingPathComponent("Fixtures/freeswitch/master.csv"), encoding: .utf8)
    }

    /// Each call as `call_id started-at-UTC disposition talk agent`.
    static func calls(_ store: Store) throws -> [String] {
        try store.connection.rows("""
            SELECT c.call_id, c.started_at, c.disposition, c.talk_seconds, a.agent_id
            FROM calls c LEFT JOIN agents a ON a.id = c.agent ORDER BY c.started_at
            """) { row in
            "\(try row.text("call_id").prefix(8)) \(Timestamp.formatUTC(try row.int64("started_at"))) \(try row.text("disposition")) "
                + "\(try row.int64("talk_seconds")) \(try row.optionalText("agent_id") ?? "-")"
        }
    }

    @Test func aFreeSWITCHFileIsReadInTheCentersZoneWithFreeswitchJSON() throws {
        let rig = try DaemonRig("freeswitch", at: "2026-10-26T12:00:00Z")
        try rig.daemon.startUp()
        try rig.scratch.write("inbox/freeswitch-csv/Master.csv", try Self.fixture())
        rig.daemon.tick()
        #expect(rig.scratch.files(under: "inbox/archive") == ["2026-10-26/Master.csv"])
        #expect(rig.lines.all.contains { $0.contains("event=ingested") && $0.contains("kind=freeswitch-csv format=freeswitch-csv") })
        // 10:00 in Zurich in October is 08:00 UTC; the a- and b-leg are one call; the call the
        // PBX answered for the voicemail is abandoned and pays nobody.
        #expect(try Self.calls(rig.store) == [
            "aaaaaaaa 2026-10-14T08:00:00Z answered 120 1001",
            "cccccccc 2026-10-14T08:05:00Z abandoned 0 -",
            "eeeeeeee 2026-10-14T09:00:00Z missed 0 1003",
            "12345678 2026-10-25T00:30:00Z answered 60 5000",
        ])
    }

    @Test func aBrokenFreeswitchJSONHoldsOnlyTheFreeSWITCHFolderUntilSIGHUP() throws {
        let rig = try DaemonRig("freeswitch-broken", at: "2026-10-26T12:00:00Z", rules: { scratch in
            let rules = try scratch.copyRules()
            try Data("{\n  \"applications\": \"voicemail\"\n}\n".utf8).write(to: URL(fileURLWithPath: rules + "/freeswitch.json"))
            return rules
        })
        let rulesFile = rig.scratch.file("rules/freeswitch.json")
        try rig.daemon.startUp()
        #expect(rig.lines.all.contains { $0.contains("event=rules-invalid at=\(rulesFile):2:") && $0.contains("files in freeswitch-csv/ wait") })
        try rig.scratch.write("inbox/freeswitch-csv/Master.csv", try Self.fixture())
        try rig.scratch.write("inbox/ratings/r.csv", "call_id,rating\nX1,4\n")
        rig.daemon.tick()
        #expect(rig.scratch.files(under: "inbox/archive") == ["2026-10-26/r.csv"])
        #expect(rig.lines.all.contains { $0.contains("event=held") && $0.contains("freeswitch.json does not load") })
        #expect(try Self.calls(rig.store).isEmpty)

        try Data("{ \"applications\": [\"voicemail\"] }\n".utf8).write(to: URL(fileURLWithPath: rulesFile))
        rig.daemon.control.requestReload()
        rig.clock.advance(seconds: 1)
        rig.daemon.tick()
        #expect(rig.lines.all.contains { $0.contains("event=rules-reloaded") })
        #expect(rig.scratch.files(under: "inbox/archive") == ["2026-10-26/Master.csv", "2026-10-26/r.csv"])
        #expect(try Self.calls(rig.store).count == 4)
    }
}
