/// What a score is made of. The rating component is always there; the others are optional
/// behaviour measures from the call records, each entering as `1 − rate`.
package enum ScoringComponent: String, Sendable, CaseIterable {
    /// The shrunk, hotline-adjusted, time-weighted mean of the normalised ratings.
    case ratings
    /// Share of calls followed by another call from the same caller to the same hotline within
    /// `repeat_window_hours`: a first-contact-resolution proxy.
    case repeatContact = "repeat_contact"
    /// Share of calls the agent ended within `short_call_seconds` of talk: call avoidance.
    case agentHangup = "agent_hangup"
    /// Share of the queue calls offered to the agent that the agent let ring out (queue_log
    /// RINGNOANSWER) among those rung out or answered from a queue: availability.
    case ringNoAnswer = "ring_no_answer"
    /// Share of the agent's committed minutes they were not available for calls (not logged in,
    /// or paused): `Capacity.adherence`, counted in minutes.
    case adherence
}
