import Foundation
import Testing
@testable import CallMeter

/// The funnel: expected rates by hotline mix, binomial limits for the agent's own n, flags.
struct IntegrityModelTests {
    /// Agents on one hotline (key 1): `rated` of `calls` rated, every other count at a neutral
    /// level (10 % agent-ended, no transfers, no short calls, a fifth of the ratings at the top).
    private func agent(calls: Int, rated: Int, agentEnded: Int? = nil, top: Int? = nil, short: Int = 0) -> IntegrityCounts {
        IntegrityCounts(calls: calls, rated: rated, endKnown: calls, agentEnded: agentEnded ?? calls / 10, transferred: 0, short: short,
                        topRated: top ?? rated / 5, bottomRated: 0)
    }

    private let model = IntegrityModel(rules: IntegrityRules())

    @Test func anAgentExactlyAtTheExpectedRateIsNeverFlagged() {
        // Every agent at 30 % response on 100 to 1000 calls: each one's peers give exactly 30 %.
        var counts: [Int64: [Int64: IntegrityCounts]] = [:]
        for key in Int64(1)...10 {
            let calls = Int(key) * 100
            counts[key] = [1: agent(calls: calls, rated: calls * 3 / 10)]
        }
        let assessed = model.assess(counts)
        for row in assessed {
            let response = try! #require(row.figure(.response))
            #expect(response.expected == 0.3 && response.observedShare == 0.3)
            #expect(!response.isAbove && !response.isBelow && response.z == 0)
            #expect(row.judged && row.flags.isEmpty)
        }
    }

    @Test func limitsWidenAsCallsShrink() {
        var previous: (lower: Double, upper: Double)?
        for n in [10_000, 1_000, 100, 50, 10] {
            let limits = IntegrityModel.limits(expected: 0.3, n: n, sigma: 3)
            #expect(limits.lower < 0.3 && limits.upper > 0.3)
            if let previous { #expect(limits.lower < previous.lower && limits.upper > previous.upper) }
            previous = limits
        }
        // 0.3 ± 3 × sqrt(0.21 / 100) = 0.3 ± 0.13748: and clipped at 0 and 1 when wider.
        let hundred = IntegrityModel.limits(expected: 0.3, n: 100, sigma: 3)
        #expect(abs(hundred.lower - 0.16252) < 1e-5 && abs(hundred.upper - 0.43748) < 1e-5)
        #expect(IntegrityModel.limits(expected: 0.3, n: 10, sigma: 3) == (0, 0.3 + 3 * (0.021).squareRoot()))
        #expect(IntegrityModel.limits(expected: 0.9, n: 3, sigma: 3).upper == 1)
    }

    /// Hotline 1 rates 10 %, hotline 2 rates 50 %: an agent on hotline 2 only is expected at 50 %,
    /// an agent splitting its calls 3:1 at 20 %, and neither is flagged for the mix it was given.
    @Test func theHotlineMixSetsTheExpectedRate() throws {
        var counts: [Int64: [Int64: IntegrityCounts]] = [:]
        for key in Int64(1)...4 { counts[key] = [1: agent(calls: 400, rated: 40)] }
        for key in Int64(5)...8 { counts[key] = [2: agent(calls: 400, rated: 200)] }
        counts[9] = [1: agent(calls: 300, rated: 30), 2: agent(calls: 100, rated: 50)]
        counts[10] = [2: agent(calls: 400, rated: 200)]
        let byAgent = Dictionary(uniqueKeysWithValues: model.assess(counts).map { ($0.agent, $0) })
        let mixed = try #require(byAgent[9]?.figure(.response))
        #expect(abs(try #require(mixed.expected) - 0.2) < 1e-12)
        #expect(byAgent[9]?.flags == [] && byAgent[9]?.hotlineCalls.map(\.calls) == [300, 100])
        let second = try #require(byAgent[10]?.figure(.response))
        #expect(second.expected == 0.5 && byAgent[10]?.flags == [])
        // Against the all-agent rate (30 % of 4000 calls) the hotline-2 agent would be far above.
        #expect(IntegrityModel.limits(expected: 0.3, n: 400, sigma: 3).upper < 0.5)
    }

    /// Peers leave the agent out: one agent with few peers is compared with them, not with itself.
    @Test func peersLeaveTheAgentOut() throws {
        let counts: [Int64: [Int64: IntegrityCounts]] = [
            1: [1: agent(calls: 500, rated: 150)], 2: [1: agent(calls: 500, rated: 150)], 3: [1: agent(calls: 500, rated: 20, agentEnded: 300)],
        ]
        let byAgent = Dictionary(uniqueKeysWithValues: model.assess(counts).map { ($0.agent, $0) })
        #expect(byAgent[3]?.figure(.response)?.expected == 0.3)
        #expect(byAgent[3]?.flags.map(\.flag) == [.surveyAvoidance])
        #expect(byAgent[3]?.flags.first?.figures.map(\.measure) == [.response, .agentEnded, .transfer])
    }

    @Test func agentsBelowTheMinimumAreMeasuredButNotJudged() {
        var counts: [Int64: [Int64: IntegrityCounts]] = [:]
        for key in Int64(1)...5 { counts[key] = [1: agent(calls: 500, rated: 150)] }
        // 49 calls, none rated and most ended by the agent: far outside, but too few to judge.
        counts[6] = [1: agent(calls: 49, rated: 0, agentEnded: 45)]
        counts[7] = [1: agent(calls: 50, rated: 0, agentEnded: 45)]
        let byAgent = Dictionary(uniqueKeysWithValues: model.assess(counts).map { ($0.agent, $0) })
        #expect(byAgent[6]?.judged == false && byAgent[6]?.flags == [])
        #expect(byAgent[6]?.figure(.response)?.isBelow == true)
        #expect(byAgent[7]?.judged == true && byAgent[7]?.flags.map(\.flag) == [.surveyAvoidance])
    }

    @Test func solicitationNeedsBothHighResponseAndTopRatings() {
        var counts: [Int64: [Int64: IntegrityCounts]] = [:]
        for key in Int64(1)...6 { counts[key] = [1: agent(calls: 500, rated: 150, top: 30)] }
        counts[7] = [1: agent(calls: 500, rated: 300, top: 200)]   // both above: flagged
        counts[8] = [1: agent(calls: 500, rated: 300, top: 60)]    // many ratings, ordinary ones
        counts[9] = [1: agent(calls: 500, rated: 150, top: 120)]   // ordinary response, many top ratings
        counts[10] = [1: agent(calls: 500, rated: 150, short: 60)] // short calls
        let byAgent = Dictionary(uniqueKeysWithValues: model.assess(counts).map { ($0.agent, $0) })
        #expect(byAgent[7]?.flags.map(\.flag) == [.surveySolicitation])
        #expect(byAgent[8]?.flags == [] && byAgent[9]?.flags == [])
        #expect(byAgent[10]?.flags.map(\.flag) == [.shortCalls])
    }

    @Test func rulesFileReadsEveryKeyAndShipsTheDefaults() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Rules")
        #expect(try IntegrityRules.load(directory: folder) == IntegrityRules())
        #expect(try IntegrityRules.load(directory: folder.appendingPathComponent("none")) == IntegrityRules())
        let rules = try IntegrityRules.parse(#"{ "sigma": 2.5, "minimum_calls": 80, "short_call_seconds": 15 }"#)
        #expect(rules == IntegrityRules(sigma: 2.5, minimumCalls: 80, shortCallSeconds: 15))
        #expect(throws: RulesError.self) { try IntegrityRules.parse(#"{ "sigma": 0.5 }"#) }
        #expect(throws: RulesError.self) { try IntegrityRules.parse(#"{ "minimum_call": 10 }"#) }
        do {
            _ = try IntegrityRules.parse("{\n  \"sigma\": 11\n}")
            Issue.record("sigma 11 was accepted")
        } catch {
            #expect(error.description.contains("integrity.json:2:") && error.description.contains("sigma"))
        }
    }
}
