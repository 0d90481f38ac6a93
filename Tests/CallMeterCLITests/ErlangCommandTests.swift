import Foundation
import Testing

private let reference = ["erlang", "--calls", "100", "--interval", "30", "--aht", "180", "--target", "80/20"]

/// The numbers of a `--json` run.
private func figures(_ result: RunResult) throws -> [String: Any] {
    try #require(JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
}

struct ErlangCommandTests {
    /// The published reference: 100 calls per 30 min, AHT 180 s, 80/20, occupancy at most 0.85
    /// (the shipped staffing.json) → 14 agents, 0.88835, 0.17413, 7.836 s, 0.7143.
    @Test func theReferenceExampleNeedsFourteenAgents() throws {
        try withWorkspace { workspace in
            let result = workspace.run(reference + ["--max-occupancy", "0.85"])
            #expect(result.status == 0 && result.err.isEmpty)
            #expect(result.out == """
                Erlang C: 100 calls in 30 minutes, average handle time 180 s
                Offered load: 10.000 Erlangs
                Target: 80 % answered within 20 s, occupancy at most 0.85

                Agents needed            14
                Service level            88.835 % answered within 20 s
                Probability of waiting   17.413 %
                Average speed of answer  7.836 s
                Occupancy                71.429 %

                """)
            // Without --max-occupancy the shipped staffing.json gives 0.85: the same bytes.
            #expect(workspace.run(reference).out == result.out)
            #expect(!FileManager.default.fileExists(atPath: workspace.database))
        }
    }

    @Test func theReferenceExampleAsJSON() throws {
        try withWorkspace { workspace in
            let result = workspace.run(reference + ["--json"])
            #expect(result.status == 0)
            let json = try figures(result)
            #expect(json["agents"] as? Int == 14 && json["agents_given"] as? Bool == false && json["meets_target"] as? Bool == true)
            #expect(json["model"] as? String == "erlang-c" && json["abandonment_rate"] is NSNull && json["patience_seconds"] is NSNull)
            #expect(result.out.contains(#""service_level": 0.88835,"#))
            #expect(result.out.contains(#""probability_of_waiting": 0.17413,"#))
            #expect(result.out.contains(#""average_speed_of_answer_seconds": 7.836,"#))
            #expect(result.out.contains(#""occupancy": 0.71429,"#))
            #expect(result.out.contains(#""offered_load_erlangs": 10.00000,"#))
            #expect(result.out.contains(#""target": {\#n    "percent": 80.000,\#n    "answer_within_seconds": 20\#n  }"#))
            #expect(workspace.run(reference + ["--json"]).out == result.out)
        }
    }

    /// A lower occupancy cap needs more agents; the default cap is staffing.json's.
    @Test func theOccupancyCapComesFromTheOptionOrStaffingJSON() throws {
        try withWorkspace { workspace in
            #expect(try figures(workspace.run(reference + ["--max-occupancy", "0.70", "--json"]))["agents"] as? Int == 15)
            try workspace.write("Rules/staffing.json", #"{ "max_occupancy": 0.7 }"#)
            let result = workspace.run(reference)
            #expect(result.out.contains("occupancy at most 0.7\n") && result.out.contains("Agents needed            15\n"))
            try workspace.write("Rules/staffing.json", "{\n  \"max_occupancy\": 7\n}")
            let broken = workspace.run(reference)
            #expect(broken.status == 1)
            #expect(broken.err.contains("staffing.json:2:20: max_occupancy: must be above 0 and at most 1"), "\(broken.err)")
            // Given on the command line, the file is not needed.
            #expect(workspace.run(reference + ["--max-occupancy", "0.85"]).status == 0)
        }
    }

    /// Erlang A, patience 300 s, 14 agents: P(wait) 0.1453, abandonment 0.01398, service level 0.9168.
    @Test func erlangAWithGivenAgentsAddsTheAbandonment() throws {
        try withWorkspace { workspace in
            let text = workspace.run(reference + ["--patience", "300", "--agents", "14"])
            #expect(text.status == 0)
            #expect(text.out.hasPrefix("Erlang A (mean patience 300 s): 100 calls in 30 minutes"))
            #expect(text.out.contains("\nAgents                   14\n"))
            #expect(text.out.contains("\nAbandonment              1.398 %\n"))
            #expect(text.out.hasSuffix("\nMeets the target         yes\n"))
            let json = try figures(workspace.run(reference + ["--patience", "300", "--agents", "14", "--json"]))
            #expect(json["model"] as? String == "erlang-a" && json["agents_given"] as? Bool == true)
            #expect(abs(try #require(json["probability_of_waiting"] as? Double) - 0.1453) < 1e-3)
            #expect(abs(try #require(json["abandonment_rate"] as? Double) - 0.01398) < 1e-4)
            #expect(abs(try #require(json["service_level"] as? Double) - 0.9168) < 1e-3)
        }
    }

    /// Too few agents: the queue never empties under Erlang C, and the verdict says why.
    @Test func tooFewAgentsSayWhy() throws {
        try withWorkspace { workspace in
            let result = workspace.run(reference + ["--agents", "10"])
            #expect(result.out.contains("Average speed of answer  infinite (the queue never empties)\n"))
            #expect(result.out.hasSuffix("Meets the target         no: fewer than 80 % answered within 20 s\n"))
            let json = try figures(workspace.run(reference + ["--agents", "10", "--json"]))
            #expect(json["average_speed_of_answer_seconds"] is NSNull && json["meets_target"] as? Bool == false)
            let busy = workspace.run(reference + ["--agents", "12", "--target", "60/20", "--max-occupancy", "0.8"])
            #expect(busy.out.hasSuffix("Meets the target         no: occupancy above 0.8\n"), "\(busy.out)")
        }
    }

    /// The README's examples are what the command prints.
    @Test func theReadmeExamplesAreTrue() throws {
        let readme = try String(contentsOf: packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        // Each example runs from its command line to the next one or to the end of the code block.
        let examples = readme.components(separatedBy: "\n$ callmeter erlang ").dropFirst().map { String($0.prefix { $0 != "`" }) }
        #expect(examples.count == 2)
        try withWorkspace { workspace in
            for example in examples {
                let lines = example.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
                let arguments = ["erlang"] + lines[0].split(separator: " ").map(String.init)
                #expect(workspace.run(arguments).out == String(lines[1]), "\(arguments)")
            }
        }
    }

    @Test func noCallsNeedNoAgents() throws {
        try withWorkspace { workspace in
            let json = try figures(workspace.run(["erlang", "--calls", "0", "--interval", "15", "--aht", "200", "--target", "90/10", "--json"]))
            #expect(json["agents"] as? Int == 0 && json["service_level"] as? Double == 1)
        }
    }

    @Test(arguments: [
        (["--interval", "30", "--aht", "180", "--target", "80/20"], "erlang needs --calls"),
        (["--calls", "100", "--aht", "180", "--target", "80/20"], "erlang needs --interval"),
        (["--calls", "100", "--interval", "30", "--target", "80/20"], "erlang needs --aht"),
        (["--calls", "100", "--interval", "30", "--aht", "180"], "erlang needs --target"),
        (reference.dropFirst() + ["--calls", "-5"], "--calls takes a number of calls from 0 to 10000000, not '-5'"),
        (reference.dropFirst() + ["--calls", "1e3"], "--calls takes a number of calls"),
        (reference.dropFirst() + ["--interval", "0"], "--interval takes a whole number of minutes from 1 to 1440, not '0'"),
        (reference.dropFirst() + ["--aht", "0"], "--aht takes a number of seconds above 0"),
        (reference.dropFirst() + ["--aht", "inf"], "--aht takes a number of seconds above 0"),
        (reference.dropFirst() + ["--target", "80"], "--target takes PERCENT/SECONDS such as 80/20"),
        (reference.dropFirst() + ["--target", "100/20"], "--target takes PERCENT/SECONDS such as 80/20"),
        (reference.dropFirst() + ["--target", "80/0"], "the seconds 1 to 3600), not '80/0'"),
        (reference.dropFirst() + ["--max-occupancy", "1.5"], "--max-occupancy takes a share above 0 and at most 1"),
        (reference.dropFirst() + ["--max-occupancy", "0"], "--max-occupancy takes a share above 0 and at most 1"),
        (reference.dropFirst() + ["--patience", "0"], "--patience takes a number of seconds above 0"),
        (reference.dropFirst() + ["--agents", "-1"], "--agents takes a whole number from 0 to 1000000, not '-1'"),
        (reference.dropFirst() + ["--calls", "10000000", "--interval", "1", "--aht", "86400"], "--calls, --interval and --aht give an offered load of"),
        (reference.dropFirst() + ["20"], "unexpected argument '20'"),
    ] as [(ArraySlice<String>, String)])
    func aBadValueIsAUsageErrorNamingTheOption(arguments: ArraySlice<String>, message: String) throws {
        try withWorkspace { workspace in
            let result = workspace.run(["erlang"] + Array(arguments))
            #expect(result.status == 64)
            #expect(result.out.isEmpty)
            #expect(result.err.hasPrefix("Error: "))
            #expect(result.err.contains(message), "\(result.err)")
            #expect(result.err.contains("See 'callmeter help erlang'."))
        }
    }
}
