extension AgentIntegrity {
    /// One measure of the agent.
    package struct Figure: Sendable, Equatable {
        package let measure: IntegrityMeasure
        /// The agent's events and the calls they are a share of.
        package let events: Int
        package let n: Int
        /// The rate peers on the agent's hotlines would give at its mix; nil when no peer had a
        /// call to measure (then there are no limits either).
        package let expected: Double?
        /// expected ± sigma × sqrt(expected × (1 − expected) / n), clipped to 0...1.
        package let lower: Double?
        package let upper: Double?

        package init(measure: IntegrityMeasure, events: Int, n: Int, expected: Double?, lower: Double?, upper: Double?) {
            self.measure = measure
            self.events = events
            self.n = n
            self.expected = expected
            self.lower = lower
            self.upper = upper
        }

        /// events ÷ n, a share of calls 0...1 (not money, so binary floating point); nil when n is 0.
        package var observedShare: Double? { n > 0 ? Double(events) / Double(n) : nil }

        /// Above the upper limit (strictly: a rate on the limit is inside).
        package var isAbove: Bool {
            guard let observedShare, let upper else { return false }
            return observedShare > upper
        }

        /// Below the lower limit (strictly).
        package var isBelow: Bool {
            guard let observedShare, let lower else { return false }
            return observedShare < lower
        }

        /// How many standard errors the rate is from the expected one (signed); nil when there is
        /// no rate or expected rate, or the expected rate is 0 or 1 (no spread to measure in).
        package var z: Double? {
            guard let observedShare, let expected, expected > 0, expected < 1 else { return nil }
            return (observedShare - expected) / (expected * (1 - expected) / Double(n)).squareRoot()
        }
    }
}
