@testable import CallMeter
import CallMeterCLI
import Foundation
import Testing

// `weights publish --format asterisk-queues|asterisk-realtime` and `weights rollback` of them
// (issue 18), and the proof: app_queue's wrandom selection simulated over the published
// penalties gives the shares the meta file promises.

private let agents = """
    agent_id,name,sip_uri,active,dispatch_set,asterisk_interface,queues
    a100,Anna Keller,,true,1,PJSIP/a100,support;sales
    a200,Zoë Müller,,true,1,PJSIP/a200,support
    a300,Marco Rossi,,true,1,PJSIP/a300,support;sales
    a400,"Dupont, Claire",,true,1,,support
    a500,Jonas Weber,,true,1,PJSIP/a500,
    a600,Lea Brun,,true,1,Local/a600@agents/n,support

    """

private let october31 = scoringRun(7, "2026-10-31", [
    ("a100", 853, "excellent"), ("a200", 612, "watch"), ("a300", 304, "poor"), ("a500", 700, "good"), ("a600", 780, "good"),
])

/// The shipped rules with weights that reach their targets at once (max_step 1000), so that one
/// run gives weights from 20 to 100, and queue "sales" on ringall.
private func fixture() throws -> WeightsCLIFixture {
    let fixture = try WeightsCLIFixture(agentsCSV: agents)
    fixture.runs = [october31]
    let rules = fixture.directory.appendingPathComponent("rules")
    try FileManager.default.copyItem(at: WeightsCLIFixture.packageRoot.appendingPathComponent("Rules"), to: rules)
    let routing = rules.appendingPathComponent("routing.json")
    let text = try String(contentsOf: routing, encoding: .utf8)
        .replacingOccurrences(of: "\"max_step\": 20,", with: "\"max_step\": 1000,")
        .replacingOccurrences(of: "\"queues\": {},", with: "\"queues\": { \"sales\": { \"strategy\": \"ringall\" } },")
    try Data(text.utf8).write(to: routing)
    fixture.rules = rules
    return fixture
}

/// `member => INTERFACE,PENALTY,NAME,STATE_INTERFACE` lines of one queue's section.
private func members(_ conf: String, queue: String) -> [(interface: String, penalty: Int, name: String)] {
    var inQueue = false
    var found: [(String, Int, String)] = []
    for line in conf.split(separator: "\n").map(String.init) {
        if line.hasPrefix("[") { inQueue = line == "[\(queue)](+)"; continue }
        guard inQueue, line.hasPrefix("member => ") else { continue }
        let fields = line.dropFirst("member => ".count).split(separator: ",").map(String.init)
        found.append((fields[0], Int(fields[1]) ?? -1, fields[2]))
    }
    return found
}

/// The meta file's queues: per queue, strategy and per agent (target, achieved) shares.
private func meta(_ text: String?) throws -> [String: (strategy: String, shares: [String: (target: Double, achieved: Double?)])] {
    let data = Data((text ?? "").utf8)
    let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    var result: [String: (String, [String: (Double, Double?)])] = [:]
    for queue in try #require(root["queues"] as? [[String: Any]]) {
        var shares: [String: (Double, Double?)] = [:]
        for member in try #require(queue["members"] as? [[String: Any]]) {
            shares[try #require(member["agent_id"] as? String)] = (try #require(member["target_share"] as? Double), member["achieved_share"] as? Double)
        }
        result[try #require(queue["queue"] as? String)] = (try #require(queue["strategy"] as? String), shares)
    }
    return result
}

@Test func wrandomSimulatedOver100000CallsGivesTheSharesTheMetaPromises() throws {
    let fixture = try fixture()
    let published = fixture.run(["weights", "publish", "--format", "asterisk-queues"])
    #expect(published.status == 0, "\(published.err)")
    let conf = try #require(fixture.text("feeds/queues_callmeter.conf"))
    let promised = try #require(try meta(fixture.text("feeds/queues_callmeter.conf.meta.json"))["support"])
    #expect(promised.strategy == "wrandom")
    let queue = members(conf, queue: "support")
    #expect(queue.map(\.name) == ["a100", "a200", "a300", "a600"])
    #expect(Set(queue.map(\.penalty)).count > 1, "the weights differ, so must the penalties: \(queue)")

    // app_queue, every member free: calc_metric gives each member ast_random() % ((1 + penalty)
    // * 1000) (ast_random: 31 random bits); try_calling puts each member it iterates at the front
    // of the candidates and find_best keeps the first strictly lower metric, so of equal lowest
    // metrics the member iterated last (written last) is rung.
    // SplitMix64 (the generator of `callmeter generate`): the same calls on every run.
    var random = SplitMix64(seed: 18)
    var rung = [Int](repeating: 0, count: queue.count)
    let calls = 100_000
    for _ in 0..<calls {
        var best: (index: Int, metric: UInt64)?
        for (index, member) in queue.enumerated().reversed() {
            let metric = (random.next() >> 33) % UInt64((1 + member.penalty) * 1000)
            if best == nil || metric < (best?.metric ?? 0) { best = (index, metric) }
        }
        rung[best?.index ?? 0] += 1
    }
    for (index, member) in queue.enumerated() {
        let achieved = try #require(promised.shares[member.name]?.achieved)
        let simulated = Double(rung[index]) / Double(calls)
        #expect(abs(simulated - achieved) < 0.01, "\(member.name): simulated \(simulated), promised \(achieved)")
    }
    // The promise is the closest the penalties come to the weight shares.
    let targets = queue.map { promised.shares[$0.name]?.target ?? 0 }
    #expect(abs(targets.reduce(0, +) - 1) < 1e-5)
}

@Test func bothAsteriskFormatsPublishAndRollBackTheSameMembers() throws {
    let fixture = try fixture()
    let published = fixture.run(["weights", "publish", "--format", "asterisk-queues"])
    #expect(published.status == 0)
    #expect(published.out.contains("Published version 1 (asterisk-queues, scoring run of 2026-10-31) to \(fixture.directory.path)/feeds/queues_callmeter.conf: 4 agents in 2 queues"))
    #expect(published.out.contains("Version, validity and each queue's target and achieved shares: \(fixture.directory.path)/feeds/queues_callmeter.conf.meta.json"))
    #expect(published.err == """
        Warning: 2 agents left out of the asterisk-queues feed: a400 (no asterisk_interface), a500 (in no ACD queue (its queues column is empty))

        """)
    let conf = try #require(fixture.text("feeds/queues_callmeter.conf"))
    #expect(conf.hasPrefix("""
        ; callmeter routing weights: Asterisk app_queue members, for #include in queues.conf
        ; (after each queue's own [QUEUE] section). Reload: asterisk -rx "queue reload members"
        ; version 1
        ; generated_at 2026-11-02T05:00:00Z
        ; valid_until 2026-11-03T17:00:00Z
        ; as_of 2026-10-31
        """))
    // ringall: band tiers (excellent 0, poor 2).
    #expect(conf.contains("""
        ; sales: strategy ringall, penalties are band tiers
        [sales](+)
        member => PJSIP/a100,0,a100,PJSIP/a100
        member => PJSIP/a300,2,a300,PJSIP/a300

        """))
    let support = members(conf, queue: "support")
    #expect(support.first?.penalty == support.map(\.penalty).min(), "the highest weight gets the lowest penalty")
    #expect(support.map(\.interface) == ["PJSIP/a100", "PJSIP/a200", "PJSIP/a300", "Local/a600@agents/n"])
    let shares = try meta(fixture.text("feeds/queues_callmeter.conf.meta.json"))
    #expect(shares["sales"]?.strategy == "ringall")
    #expect(shares["sales"]?.shares["a100"]?.achieved == nil, "a tier strategy promises no share")
    #expect(abs((shares["sales"]?.shares["a100"]?.target ?? 0) - 100.0 / 120.0) < 1e-6)

    // The realtime rows carry the same members and penalties.
    let realtime = fixture.run(["weights", "publish", "--format", "asterisk-realtime"])
    #expect(realtime.status == 0)
    let rows = try #require(fixture.text("feeds/queue_members.csv")).split(separator: "\n").map(String.init)
    #expect(rows.first == "queue_name,interface,membername,state_interface,penalty")
    #expect(rows.dropFirst().prefix(2) == ["sales,PJSIP/a100,a100,PJSIP/a100,0", "sales,PJSIP/a300,a300,PJSIP/a300,2"])
    #expect(rows.dropFirst(3).map { $0.split(separator: ",").last.map(String.init) ?? "" } == support.map { String($0.penalty) })
    #expect(fixture.text("feeds/queue_members.csv.meta.json")?.contains("\"format\": \"asterisk-realtime\"") == true)

    // A pin sends a100 to the floor: new penalties, then a rollback writes the first ones again.
    fixture.now += 86_400
    #expect(fixture.run(["weights", "pin", "a100", "20", "--reason", "coaching"]).status == 0)
    let pinned = fixture.run(["weights", "publish", "--format", "asterisk-queues", "--force"])
    #expect(pinned.status == 0)
    let changed = try #require(fixture.text("feeds/queues_callmeter.conf"))
    #expect(members(changed, queue: "support").map(\.penalty) != support.map(\.penalty))
    let back = fixture.run(["weights", "rollback", "--format", "asterisk-queues"])
    #expect(back.status == 0, "\(back.err)")
    #expect(back.out.hasPrefix("Rolled back: republished the agents of version 1 as version 4 (asterisk-queues"))
    let restored = try #require(fixture.text("feeds/queues_callmeter.conf"))
    let body = { (text: String) in text.split(separator: "\n").filter { !$0.hasPrefix(";") } }
    #expect(body(restored) == body(conf))
    #expect(fixture.text("feeds/queues_callmeter.conf.meta.json")?.contains("\"version\": 4,") == true)
}
