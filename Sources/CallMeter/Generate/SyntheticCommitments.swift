/// The hours the synthetic agents commit to (`commitments.csv`) and the gaps they leave
/// (`truth-gaps.csv`), for the generated days and the week after them (coverage plans the next week).
///
/// Each active agent works one of three 8-hour shifts (00:00–08:00, 08:00–16:00, 16:00–24:00: the
/// agent's number modulo 3), every day but one weekday off (the agent's number divided by 3, modulo
/// 7). A commitment lists the hotlines it is for: all of them, except on every fifth day, when the
/// night shift leaves out one hotline (chosen by the seed and the day): a planted gap. The truth is
/// computed from the rows written: every hotline × date × shift no commitment covers.
struct SyntheticCommitments {
    static let commitmentsHeader: StaticString = "agent_id,date,from,to,hotlines"
    static let gapsHeader: StaticString = "hotline,date,from,to"
    static let shifts: [(from: StaticString, to: StaticString)] = [("00:00", "08:00"), ("08:00", "16:00"), ("16:00", "00:00")]

    let agents: [SyntheticAgent]
    let firstDay: Int
    /// The generated days and the week after them.
    let days: Int
    let seed: UInt64

    /// The shift agent works on `day`, nil on its day off or when inactive.
    func shift(of agent: SyntheticAgent, on day: Int) -> Int? {
        guard agent.active, CivilCalendar.weekday(ofDays: day) != agent.number / 3 % 7 else { return nil }
        return agent.number % 3
    }

    /// The length of every commitment of the first `days` days, in seconds of real time: a shift
    /// of a day the clocks change is an hour shorter or longer.
    func committedSeconds(days generated: Int, clock: LocalDayClock) -> Int {
        var total = 0
        for day in firstDay..<(firstDay + min(generated, days)) {
            let starts = clock.hourStarts(ofLocalDay: day)
            let nextMidnight = clock.hourStarts(ofLocalDay: day + 1)[0]
            for agent in agents {
                guard let shift = shift(of: agent, on: day) else { continue }
                let end = shift == Self.shifts.count - 1 ? nextMidnight : starts[(shift + 1) * 8]
                total += end - starts[shift * 8]
            }
        }
        return total
    }

    /// The hotline the night shift of `day` leaves out, if it is a day with a planted gap.
    func plantedGap(on day: Int) -> Int? {
        let index = day - firstDay
        guard index % 5 == 2 else { return nil }
        return Int((seed &+ UInt64(index / 5)) % UInt64(HotlineProfile.all.count))
    }

    /// The hotlines (indexes) a commitment of `shift` on `day` is for.
    func hotlines(shift: Int, day: Int) -> [Int] {
        let all = Array(HotlineProfile.all.indices)
        guard shift == 0, let left = plantedGap(on: day) else { return all }
        return all.filter { $0 != left }
    }

    /// `agent1001,2026-10-01,08:00,16:00`: one agent's shift of a day.
    static func appendShift(agent: SyntheticAgent, day: Int, shift: Int, to writer: inout CSVFileWriter) {
        writer.appendASCII("agent")
        writer.appendInt(agent.number)
        writer.comma()
        writer.appendDate(days: day)
        writer.comma()
        writer.appendASCII(shifts[shift].from)
        writer.comma()
        writer.appendASCII(shifts[shift].to)
    }

    func write(commitments: inout CSVFileWriter, gaps: inout CSVFileWriter) throws(GeneratorError) {
        try commitments.header(Self.commitmentsHeader)
        try gaps.header(Self.gapsHeader)
        for day in firstDay..<(firstDay + days) {
            var covered = Array(repeating: Set<Int>(), count: Self.shifts.count)
            for agent in agents {
                guard let shift = shift(of: agent, on: day) else { continue }
                let lines = hotlines(shift: shift, day: day)
                covered[shift].formUnion(lines)
                Self.appendShift(agent: agent, day: day, shift: shift, to: &commitments)
                commitments.comma()
                commitments.appendField(lines.map { HotlineProfile.all[$0].number }.sorted().joined(separator: ";"))
                try commitments.endRow()
            }
            for (shift, hours) in Self.shifts.enumerated() {
                for hotline in HotlineProfile.all.map(\.number).sorted() where !covered[shift].contains(where: { HotlineProfile.all[$0].number == hotline }) {
                    gaps.appendField(hotline)
                    gaps.comma()
                    gaps.appendDate(days: day)
                    gaps.comma()
                    gaps.appendASCII(hours.from)
                    gaps.comma()
                    gaps.appendASCII(hours.to)
                    try gaps.endRow()
                }
            }
        }
    }

    static let noShowsHeader: StaticString = "agent_id,date,from,to"

    /// Whether the agent stays away from its commitment of `day` (about 1 in 17), and whether it
    /// logs in late (about 1 in 6 of the others): deterministic per seed, agent and day.
    func attendance(of agent: SyntheticAgent, on day: Int) -> (noShow: Bool, lateMinutes: Int) {
        var mix = SplitMix64(seed: seed ^ (UInt64(agent.number) &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(truncatingIfNeeded: day))
        let draw = mix.next()
        if draw % 17 == 0 { return (true, 0) }
        return (false, draw % 6 == 1 ? 45 + Int((draw >> 32) % 60) : Int((draw >> 16) % 6))
    }

    /// The agents' sessions of the generated days (`generatedDays` from `firstDay`) as Asterisk
    /// `queue_log` lines, in time order: ADDMEMBER at the start of each commitment (a few minutes
    /// late, or 45 to 104 minutes for a late one), a 15-minute PAUSE/UNPAUSE in its middle and
    /// REMOVEMEMBER at its end, in the queue of one hotline; a no-show has no line at all and is
    /// listed in `truth-no-shows.csv`.
    func writeSessions(generatedDays: Int, clock: LocalDayClock, queueLog: inout CSVFileWriter,
                       noShows: inout CSVFileWriter) throws(GeneratorError) {
        try noShows.header(Self.noShowsHeader)
        var events: [(at: Int, agent: Int, event: StaticString, queue: [UInt8])] = []
        for day in firstDay..<(firstDay + generatedDays) {
            for agent in agents {
                guard let shift = shift(of: agent, on: day) else { continue }
                let attendance = attendance(of: agent, on: day)
                if attendance.noShow {
                    Self.appendShift(agent: agent, day: day, shift: shift, to: &noShows)
                    try noShows.endRow()
                    continue
                }
                let start = clock.utcSeconds(ofLocalSeconds: day * CivilCalendar.secondsPerDay + shift * 8 * 3_600)
                let end = clock.utcSeconds(ofLocalSeconds: day * CivilCalendar.secondsPerDay + (shift + 1) * 8 * 3_600)
                let queue = HotlineProfile.all[agent.number % HotlineProfile.all.count].queueBytes
                let login = start + attendance.lateMinutes * 60
                let pause = (login + end) / 2
                events += [(login, agent.number, "ADDMEMBER", queue), (pause, agent.number, "PAUSE", queue),
                           (pause + 900, agent.number, "UNPAUSE", queue), (end - 60, agent.number, "REMOVEMEMBER", queue)]
            }
        }
        // Stable: events of one instant keep the order they were made in.
        for event in events.enumerated().sorted(by: { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }).map(\.element) {
            queueLog.appendInt(event.at)
            queueLog.appendASCII("|NONE|")
            queueLog.appendBytes(event.queue)
            queueLog.appendASCII("|Agent/agent")
            queueLog.appendInt(event.agent)
            queueLog.appendByte(UInt8(ascii: "|"))
            queueLog.appendASCII(event.event)
            queueLog.appendByte(UInt8(ascii: "|"))
            try queueLog.endRow()
        }
    }
}
