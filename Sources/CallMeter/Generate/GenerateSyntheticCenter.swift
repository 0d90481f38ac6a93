package import Foundation

/// Writes a deterministic synthetic call center into `directory` (created 0750 if missing): `agents.csv`,
/// `truth.csv`, `commitments.csv`, `truth-gaps.csv`, `queue_log` and `truth-no-shows.csv` (`SyntheticCommitments`),
/// `ratings.csv` and `cdr.csv`. With `options.plantIntegrity`, three agents game the survey
/// (`PlantedBehaviour`), recorded in `truth.csv`'s `behaviour` column.
///
/// The same options give byte-identical files on every run; only integer arithmetic and IEEE basic
/// operations are used (no libm, no system random numbers), so other platforms with the same time-zone
/// data give the same bytes too. Files stream through 1 MiB buffers, so memory depends on the number of
/// agents, not of calls. Each file is written as `NAME.tmp`, and the four are renamed only once every one
/// of them is complete (`cdr.csv` last); when generation fails, the temporary files are removed and files
/// from an earlier run stay as they were.
///
/// Calls are ordered by start time (call ids ascending). Each local day gets its share of
/// `days × callsPerDay` by weekday, each local hour its share by the hourly profile, and each call a
/// uniformly random second of its hour; local hours are converted with `options.timeZone`.
package func generateSyntheticCenter(_ options: GeneratorOptions, into directory: URL) throws(GeneratorError) -> GeneratedSummary {
    let plan = try options.plan()
    do {
        try Folder.make(directory.path, mode: Folder.outputMode)
    } catch {
        throw .fileSystem("create directory", path: directory.path, reason: error.reason)
    }

    var agents = AgentRoster.make(count: plan.agents, firstDay: plan.firstDay, seed: plan.seed)
    if plan.plantIntegrity {
        PlantedBehaviour.plant(in: &agents, seed: plan.seed)
    }
    var agentsFile = try CSVFileWriter(directory: directory, name: "agents.csv")
    var truthFile = try CSVFileWriter(directory: directory, name: "truth.csv")
    try agentsFile.header(SyntheticAgent.agentsHeader)
    try truthFile.header(plan.plantIntegrity ? SyntheticAgent.plantedTruthHeader : SyntheticAgent.truthHeader)
    for agent in agents {
        try agent.writeAgentRow(to: &agentsFile)
        try agent.writeTruthRow(behaviourColumn: plan.plantIntegrity, to: &truthFile)
    }

    var commitmentsFile = try CSVFileWriter(directory: directory, name: "commitments.csv")
    var gapsFile = try CSVFileWriter(directory: directory, name: "truth-gaps.csv")
    var queueLogFile = try CSVFileWriter(directory: directory, name: "queue_log")
    var noShowsFile = try CSVFileWriter(directory: directory, name: "truth-no-shows.csv")
    let commitments = SyntheticCommitments(agents: agents, firstDay: plan.firstDay, days: plan.days + 7, seed: plan.seed)
    try commitments.write(commitments: &commitmentsFile, gaps: &gapsFile)
    try commitments.writeSessions(generatedDays: plan.days, clock: LocalDayClock(timeZone: plan.timeZone), queueLog: &queueLogFile,
                                  noShows: &noShowsFile)

    var ratingsFile = try CSVFileWriter(directory: directory, name: "ratings.csv")
    var cdrFile = try CSVFileWriter(directory: directory, name: "cdr.csv")
    try ratingsFile.header(SyntheticCall.ratingsHeader)
    try cdrFile.header(SyntheticCall.cdrHeader)
    let synthesizer = CallSynthesizer(agents: agents, callers: CallerPool(totalCalls: plan.totalCalls, seed: plan.seed),
                                      plantsIntegrity: plan.plantIntegrity)
    var random = Xoshiro256StarStar(seed: plan.seed, stream: .calls)
    let clock = LocalDayClock(timeZone: plan.timeZone)
    var sequence = 0
    var ratedCalls = 0
    var handledSeconds = 0

    // How many calls start in each second of the current hour (a counting sort, so calls come out in
    // time order with fixed memory).
    var perSecond = [Int](repeating: 0, count: 3_600)
    let dayWeights = (0..<plan.days).map { LoadProfile.weekdayWeights[CivilCalendar.weekday(ofDays: plan.firstDay + $0)] }
    let dayWeightSum = dayWeights.reduce(0, +)
    var daysBefore = 0
    for (offset, dayWeight) in dayWeights.enumerated() {
        let dayCalls = LoadProfile.share(
            of: plan.totalCalls, cumulativeBefore: daysBefore, weight: dayWeight, weightSum: dayWeightSum)
        daysBefore += dayWeight
        guard dayCalls > 0 else { continue }
        let localDay = plan.firstDay + offset
        let hourWeights = LoadProfile.hourWeights(weekday: CivilCalendar.weekday(ofDays: localDay))
        let hourWeightSum = hourWeights.reduce(0, +)
        let hourStarts = clock.hourStarts(ofLocalDay: localDay)
        var hoursBefore = 0
        var carried = 0
        for hour in 0..<24 {
            let hourCalls = carried + LoadProfile.share(
                of: dayCalls, cumulativeBefore: hoursBefore, weight: hourWeights[hour], weightSum: hourWeightSum)
            hoursBefore += hourWeights[hour]
            // A local hour skipped by a daylight-saving change starts where the next one does: its calls
            // move to the next hour, so calls stay in start order.
            if hour < 23 && hourStarts[hour] >= hourStarts[hour + 1] {
                carried = hourCalls
                continue
            }
            carried = 0
            guard hourCalls > 0 else { continue }
            for _ in 0..<hourCalls {
                perSecond[Int(random.below(3_600))] += 1
            }
            for second in 0..<3_600 where perSecond[second] > 0 {
                for _ in 0..<perSecond[second] {
                    sequence += 1
                    let call = synthesizer.call(startingAt: hourStarts[hour] + second, random: &random)
                    handledSeconds += call.talkSeconds + call.holdSeconds + call.wrapSeconds
                    try call.writeCDR(sequence: sequence, synthesizer: synthesizer, to: &cdrFile)
                    if try call.writeRatings(sequence: sequence, to: &ratingsFile) > 0 {
                        ratedCalls += 1
                    }
                }
                perSecond[second] = 0
            }
        }
    }

    // Publish only when every file is complete; cdr.csv last, for readers that wait for it.
    let calls = cdrFile.rows
    let ratings = ratingsFile.rows
    let files = [
        try agentsFile.publish(), try truthFile.publish(), try commitmentsFile.publish(), try gapsFile.publish(),
        try queueLogFile.publish(), try noShowsFile.publish(),
        try ratingsFile.publish(), try cdrFile.publish(),
    ]
    return GeneratedSummary(
        agents: agents.count,
        activeAgents: agents.count { $0.active },
        calls: calls,
        ratedCalls: ratedCalls,
        handledSeconds: handledSeconds,
        committedSeconds: commitments.committedSeconds(days: plan.days, clock: LocalDayClock(timeZone: plan.timeZone)),
        ratings: ratings,
        planted: agents.compactMap { agent in
            agent.behaviour.map { GeneratedSummary.PlantedAgent(agentID: "agent\(agent.number)", behaviour: "\($0.truthName)") }
        },
        files: files
    )
}
