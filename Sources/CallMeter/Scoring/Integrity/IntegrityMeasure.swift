/// What survey integrity measures per agent: each a share of some of the agent's calls in the
/// scoring window.
package enum IntegrityMeasure: String, Sendable, CaseIterable, Comparable {
    /// Rated calls (an `overall` rating) ÷ connected calls.
    case response = "response"
    /// Calls the agent ended (`ended_by` = agent) ÷ connected calls whose end is known.
    case agentEnded = "agent_ended"
    /// Transferred calls ÷ connected calls.
    case transfer = "transfer"
    /// Connected calls with less talk than `short_call_seconds` ÷ connected calls.
    case shortCall = "short_call"
    /// Ratings at the top or the bottom of their own scale ÷ rated calls.
    case extremeRating = "extreme_rating"
    /// Ratings at the top of their own scale ÷ rated calls.
    case topRating = "top_rating"

    /// What the share is of, for people.
    package var title: String {
        switch self {
        case .response: "survey response"
        case .agentEnded: "agent-ended"
        case .transfer: "transfer"
        case .shortCall: "short calls"
        case .extremeRating: "extreme ratings"
        case .topRating: "top ratings"
        }
    }

    /// What `n` counts.
    package var denominator: String {
        switch self {
        case .response, .transfer, .shortCall: "connected calls"
        case .agentEnded: "calls with a known end"
        case .extremeRating, .topRating: "rated calls"
        }
    }

    package static func < (a: Self, b: Self) -> Bool {
        allCases.firstIndex(of: a) ?? 0 < allCases.firstIndex(of: b) ?? 0
    }
}

/// A pattern of measures outside their limits that a QA manager should look at.
package enum IntegrityFlag: String, Sendable, CaseIterable {
    /// Response below the lower limit, with agent-ended or transfer rate above the upper limit:
    /// calls ended or passed on before the survey.
    case surveyAvoidance = "survey-avoidance"
    /// Response above the upper limit, with top-rating share above the upper limit: callers
    /// asked, or chosen, to rate.
    case surveySolicitation = "survey-solicitation"
    /// Short-call rate above the upper limit.
    case shortCalls = "short-calls"

    /// The measures whose figures the flag rests on.
    package var evidence: [IntegrityMeasure] {
        switch self {
        case .surveyAvoidance: [.response, .agentEnded, .transfer]
        case .surveySolicitation: [.response, .topRating]
        case .shortCalls: [.shortCall]
        }
    }
}
