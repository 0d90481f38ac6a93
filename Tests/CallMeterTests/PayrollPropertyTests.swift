import Foundation
import Testing
@testable import CallMeter

/// Seeded random calls around October 2026 (both month ends, the rate change on the 16th, the DST
/// change on the 25th), random counting rules: the export's amounts add up to the total, and every
/// line equals its recomputation from the calls by an independent oracle (Foundation's calendar
/// for local dates, `Decimal` for the money).
@Test(arguments: Array(UInt64(1)...UInt64(10)))
func exportMatchesItsRecomputation(seed: UInt64) throws {
    var random = SplitMix64(seed: seed)
    let agents = [("a1", "Anna Keller"), ("=HYPERLINK(\"http://x\")", "=cmd|' /C calc'!A0"), ("+1", "Plus"), ("-2", "-Minus"),
                  ("@x", "@At"), ("a6", "Zoë, \"Z\" Müller")]
    let hotlines = ["+41800100100", "+41800200200", "+41800300300", "+41800999999"]
    let zurich = try #require(TimeZone(identifier: "Europe/Zurich"))
    // 2026-09-30T20:00Z … 2026-11-01T02:00Z, plus instants right at the edges.
    let from: Int64 = 1_790_798_400, to: Int64 = 1_793_498_400
    let edges: [Int64] = [1_790_805_600, 1_790_805_599, 1_793_487_600, 1_793_487_599, 1_793_487_590, 1_792_879_200, 1_792_965_600,
                          1_792_965_599, 1_792_188_000, 1_792_187_999]
    var calls: [TestCall] = []
    for index in 0..<400 {
        let start = index < edges.count ? edges[index] : from + Int64.random(in: 0..<(to - from), using: &random)
        let roll = Int.random(in: 0..<10, using: &random)
        let disposition = roll < 7 ? "answered" : roll == 7 ? "transferred" : roll == 8 ? "abandoned" : "missed"
        let connected = roll <= 7
        let short = Int.random(in: 0..<5, using: &random) == 0
        calls.append(TestCall(
            id: "P\(seed)-\(index)", hotline: hotlines[Int.random(in: 0..<(hotlines.count * 5), using: &random) % hotlines.count],
            agent: connected || Bool.random(using: &random) ? agents[Int.random(in: 0..<agents.count, using: &random)].0 : nil,
            startedAt: Timestamp.formatUTC(start),
            talk: connected ? (short ? Int64.random(in: 0...40, using: &random) : Int64.random(in: 0...900, using: &random)) : 0,
            hold: Int64.random(in: 0...60, using: &random), wrap: Int64.random(in: 0...60, using: &random), disposition: disposition))
    }
    var paid: PayrollRules.Components = []
    while paid.isEmpty {
        for part in [PayrollRules.Components.talk, .hold, .wrap] where Bool.random(using: &random) { paid.insert(part) }
    }
    let rules = PayrollRules(
        paid: paid, incrementSeconds: [1, 6, 30, 60][Int.random(in: 0..<4, using: &random)],
        incrementMode: PayrollRules.IncrementMode.allCases[Int.random(in: 0..<3, using: &random)],
        minimumSeconds: [0, 30, 60][Int.random(in: 0..<3, using: &random)], unpaidBelowSeconds: [0, 5, 10][Int.random(in: 0..<3, using: &random)],
        amountRounding: Bool.random(using: &random) ? .halfEven : .halfUp)

    let fixture = try PayrollFixture(agents: agents, calls: calls)
    let payroll = try Payroll(store: fixture.store).payroll(for: PayPeriod.parse("2026-10"), configuration: testConfiguration(rules))
    let text = String(decoding: PayrollCSV.render(lines: payroll.lines, currency: "CHF", places: 2, dialect: .rfc4180), as: UTF8.self)
    let rows = Array(parseCSV(text, delimiter: ",").dropFirst())

    // 1. The export's amounts add up to the total.
    let sum = rows.reduce(Decimal(0)) { $0 + (Decimal(string: $1[8]) ?? .nan) }
    #expect(sum == Decimal(string: payroll.total.formatted()))

    // 2. Every line equals its recomputation; no line is missing or extra.
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zurich
    struct Key: Hashable { let agent: String, tier: String, rate: String }
    var expected: [Key: (calls: Int, seconds: Int64)] = [:]
    for call in calls where (call.disposition == "answered" || call.disposition == "transferred") && call.agent != nil {
        let date = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: TimeInterval(call.startInstant)))
        guard date.year == 2026, date.month == 10, let day = date.day else { continue }
        let tier: String, rate: String
        switch call.hotline {
        case "+41800100100": (tier, rate) = ("order", "0.45")
        case "+41800200200": (tier, rate) = ("support", "0.625")
        case "+41800300300": (tier, rate) = ("medical", day < 16 ? "0.90" : "0.95")
        default: continue
        }
        var base: Int64 = 0
        if paid.contains(.talk) { base += call.talk }
        if paid.contains(.hold) { base += call.hold }
        if paid.contains(.wrap) { base += call.wrap }
        var billable: Int64 = 0
        if base > 0 && base >= rules.unpaidBelowSeconds {
            let step = rules.incrementSeconds
            let (q, r) = base.quotientAndRemainder(dividingBy: step)
            let steps = switch rules.incrementMode {
            case .up: r > 0 ? q + 1 : q
            case .down: q
            case .nearest: 2 * r >= step ? q + 1 : q
            }
            billable = max(steps * step, rules.minimumSeconds)
        }
        let agent = PayrollCSV.neutralised(try #require(call.agent))
        expected[Key(agent: agent, tier: tier, rate: rate), default: (0, 0)].calls += 1
        expected[Key(agent: agent, tier: tier, rate: rate), default: (0, 0)].seconds += billable
    }
    #expect(rows.count == expected.count)
    #expect(rows.count >= 10)
    for row in rows {
        let key = Key(agent: row[1], tier: row[3], rate: row[4])
        let want = try #require(expected[key], "unexpected line \(row)")
        #expect(Int(row[5]) == want.calls)
        #expect(Int64(row[6]) == want.seconds)
        var exact = Decimal(want.seconds) * (Decimal(string: key.rate) ?? .nan) / Decimal(60)
        var rounded = Decimal()
        NSDecimalRound(&rounded, &exact, 2, rules.amountRounding == .halfEven ? .bankers : .plain)
        #expect(Decimal(string: row[8]) == rounded, "\(row) at \(rules.amountRounding)")
        #expect(row[9] == "CHF")
        #expect(row[10] == "")
    }
}
