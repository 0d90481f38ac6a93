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

    func write(commitments: inout CSVFileWriter, gaps: inout CSVFileWriter) throws(GeneratorError) {
        try commitments.header(Self.commitmentsHeader)
        try gaps.header(Self.gapsHeader)
        for day in firstDay..<(firstDay + days) {
            var covered = Array(repeating: Set<Int>(), count: Self.shifts.count)
            for agent in agents {
                guard let shift = shift(of: agent, on: day) else { continue }
                let lines = hotlines(shift: shift, day: day)
                covered[shift].formUnion(lines)
                commitments.appendASCII("agent")
                commitments.appendInt(agent.number)
                commitments.comma()
                commitments.appendDate(days: day)
                commitments.comma()
                commitments.appendASCII(Self.shifts[shift].from)
                commitments.comma()
                commitments.appendASCII(Self.shifts[shift].to)
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
}
