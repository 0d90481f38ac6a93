/// What the model reads from the store for one window; plain values so that tests can build it.
///
/// Agents and hotlines are the store's integer keys; `hotlineNames` orders hotlines by name
/// wherever the order of a floating-point sum could otherwise depend on ingest order.
package struct ScoringInput: Sendable {
    /// One answered (or transferred) call of the window that has an `overall` rating.
    package struct RatedCall: Sendable, Equatable {
        package let agent: Int64
        package let hotline: Int64
        /// Unix seconds, UTC.
        package let startedAt: Int64
        package let rating: Int
        /// The scale the rating was given on; nil: the input's `ratingScale` (ratings stored
        /// before each kept its own).
        package let scale: ClosedRange<Int>?

        package init(agent: Int64, hotline: Int64, startedAt: Int64, rating: Int, scale: ClosedRange<Int>? = nil) {
            self.agent = agent
            self.hotline = hotline
            self.startedAt = startedAt
            self.rating = rating
            self.scale = scale
        }
    }

    /// An agent's calls that a rate component looks at, and how many of them count against it.
    package struct Counts: Sendable, Equatable {
        package var calls: Int
        package var events: Int

    }

    package var window: ScoringWindow
    /// The center's scale now: the scale of every rating that does not carry its own.
    package var ratingScale: ClosedRange<Int>
    /// Answered or transferred calls in the window, per agent: the agents to score.
    package var answeredCalls: [Int64: Int]
    package var ratings: [RatedCall]
    package var hotlineNames: [Int64: String]
    /// Per agent; nil when the component's weight is 0 (not computed).
    package var repeatContacts: [Int64: Counts]?
    package var agentHangups: [Int64: Counts]?
    package var ringNoAnswers: [Int64: Counts]?
    /// Committed minutes (`calls`) and those of them the agent was not available (`events`), of
    /// the agents with commitments and session data.
    package var adherence: [Int64: Counts]?

    package init(
        window: ScoringWindow, ratingScale: ClosedRange<Int>, answeredCalls: [Int64: Int], ratings: [RatedCall],
        hotlineNames: [Int64: String] = [:], repeatContacts: [Int64: Counts]? = nil, agentHangups: [Int64: Counts]? = nil,
        ringNoAnswers: [Int64: Counts]? = nil, adherence: [Int64: Counts]? = nil
    ) {
        self.window = window
        self.ratingScale = ratingScale
        self.answeredCalls = answeredCalls
        self.ratings = ratings
        self.hotlineNames = hotlineNames
        self.repeatContacts = repeatContacts
        self.agentHangups = agentHangups
        self.ringNoAnswers = ringNoAnswers
        self.adherence = adherence
    }
}
