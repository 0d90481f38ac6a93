/// What N agents achieve on an offered load, by one queueing model (see `Queueing`).
package struct QueuePerformance: Sendable, Hashable {
    /// N, the agents answering calls.
    package var agents: Int
    /// A = arrival rate × average handle time, in Erlangs (the agents that would be busy if every
    /// call were answered at once).
    package var offeredLoad: Double
    /// Share of ALL arriving calls answered within the target's threshold, 0...1 (Erlang A: callers
    /// who hang up count as not answered within the threshold, see `Queueing`).
    package var serviceLevel: Double
    /// Share of the arriving calls that find every agent busy and have to wait, 0...1.
    package var probabilityOfWaiting: Double
    /// Average speed of answer: the mean wait of the answered calls, in seconds (those answered at
    /// once count with 0). `.infinity` when the queue never empties (Erlang C with N ≤ A) or no call
    /// is answered (N = 0).
    package var averageSpeedOfAnswerSeconds: Double
    /// Share of the agents' time spent on calls: carried load ÷ N (Erlang C: A ÷ N, 1 when N ≤ A;
    /// Erlang A: A × (1 − abandonment) ÷ N). 0 when there is no load.
    package var occupancy: Double
    /// Erlang A only: share of the arriving calls that hang up before being answered; nil for Erlang C.
    package var abandonedShare: Double?

    package init(
        agents: Int, offeredLoad: Double, serviceLevel: Double, probabilityOfWaiting: Double,
        averageSpeedOfAnswerSeconds: Double, occupancy: Double, abandonedShare: Double?
    ) {
        self.agents = agents
        self.offeredLoad = offeredLoad
        self.serviceLevel = serviceLevel
        self.probabilityOfWaiting = probabilityOfWaiting
        self.averageSpeedOfAnswerSeconds = averageSpeedOfAnswerSeconds
        self.occupancy = occupancy
        self.abandonedShare = abandonedShare
    }
}
