/// A way of gaming the post-call survey that `generate --plant-integrity` plants in one agent, so that
/// tests can check the survey-integrity measures find it (`truth.csv`'s `behaviour` column names it).
///
/// The effects are strong enough to leave 3-sigma binomial limits with a month of calls, and of a size
/// practitioners report:
/// - `dodger`: ends half of the calls before the survey (ended by the agent, no rating) and transfers
///   one in ten other inbound calls away, without a survey either: about 13 % of the calls rated
///   instead of 30 %, about three quarters ended by the agent instead of about 42 %, about 14 %
///   transferred instead of about 4.5 %;
/// - `solicitor`: asks callers to rate, so 60 % of the calls are rated instead of 30 %, and coaches
///   them: half of those ratings are top marks whatever the call was like, the rest a star better on
///   average (half a star before rounding);
/// - `shortCalls`: 15 % of the inbound answered calls are "ghost" calls of 2–19 s that the agent ends
///   (about 15 % of the calls talk below 20 s instead of about 1.5 %).
enum PlantedBehaviour: CaseIterable {
    case dodger
    case solicitor
    case shortCalls

    /// The value of `truth.csv`'s `behaviour` column.
    var truthName: StaticString {
        switch self {
        case .dodger: "dodger"
        case .solicitor: "solicitor"
        case .shortCalls: "short-calls"
        }
    }

    /// Share of the dodger's connected calls ended before the survey.
    static let dodgedShare = 0.5
    /// Share of the dodger's inbound answered calls transferred away instead.
    static let dodgerExtraTransferShare = 0.10
    /// Share of the solicitor's connected calls that get rated.
    static let solicitedResponseShare = 0.60
    /// Share of the solicitor's ratings that are top marks because the caller was coached.
    static let coachedShare = 0.5
    /// Added to the solicitor's other ratings before rounding.
    static let solicitedBonus = 0.5
    /// Share of the short-caller's inbound answered calls that are ghost calls below 20 s.
    static let ghostCallShare = 0.15

    /// Chooses one agent per behaviour, deterministically from the seed (its own random stream, so the
    /// roster and the other streams do not change): the candidates are the active agents with a
    /// capacity of 60 or more (full-time and three-quarter contracts, so each planted agent takes
    /// enough calls to be judged), or every active agent when fewer than three qualify; they are
    /// shuffled, and the first three become the dodger, the solicitor and the short-caller, in that
    /// order. With fewer active agents than behaviours, the last behaviours are not planted.
    static func plant(in agents: inout [SyntheticAgent], seed: UInt64) {
        let active = agents.indices.filter { agents[$0].active }
        let busy = active.filter { agents[$0].capacity >= 60 }
        var candidates = busy.count >= allCases.count ? busy : active
        var random = Xoshiro256StarStar(seed: seed, stream: .planting)
        random.shuffle(&candidates)
        for (behaviour, agent) in zip(allCases, candidates) {
            agents[agent].behaviour = behaviour
        }
    }
}
