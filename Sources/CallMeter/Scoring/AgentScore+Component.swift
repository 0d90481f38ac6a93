extension AgentScore {
    /// One rate component (repeat contact, agent hang-up) of one agent.
    public struct Component: Sendable, Equatable {
        package let component: ScoringComponent
        /// The weight in the rules and its share of the active weights.
        public let weight: Double
        /// `weight` divided by the sum of the active components' weights.
        public let normalizedWeight: Double
        /// The agent's calls the component looks at.
        public let calls: Int
        /// Those of `calls` that count against the agent (a repeat contact, a hang-up).
        public let events: Int
        /// `(C · all-agent rate + events) / (C + calls)`: a share of calls (0…1), shrunk towards
        /// all agents' share — not money, so binary floating point like the rest of the model.
        public let shrunkShare: Double
        /// `1 − shrunkShare`: what enters the score.
        public let value: Double
    }
}
