/// One agent's survey-integrity figures for one window: each measure against the rate its hotline
/// mix predicts, within control limits for its own n, and the flags they raise.
package struct AgentIntegrity: Sendable, Equatable {
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

    /// One flag with the figures behind it.
    package struct RaisedFlag: Sendable, Equatable {
        package let flag: IntegrityFlag
        /// The figures of `flag.evidence`, in that order.
        package let figures: [Figure]
    }

    /// The agent's key in the store.
    package let agent: Int64
    /// Connected calls in the window.
    package let calls: Int
    /// Connected calls per hotline key, by key.
    package let hotlineCalls: [(hotline: Int64, calls: Int)]
    /// Every measure, in `IntegrityMeasure.allCases` order.
    package let figures: [Figure]
    /// False when the agent had fewer connected calls than `minimum_calls`: measured, not flagged.
    package let judged: Bool
    /// In `IntegrityFlag.allCases` order.
    package let flags: [RaisedFlag]

    package init(agent: Int64, calls: Int, hotlineCalls: [(hotline: Int64, calls: Int)], figures: [Figure], judged: Bool, flags: [RaisedFlag]) {
        self.agent = agent
        self.calls = calls
        self.hotlineCalls = hotlineCalls
        self.figures = figures
        self.judged = judged
        self.flags = flags
    }

    package func figure(_ measure: IntegrityMeasure) -> Figure? {
        figures.first { $0.measure == measure }
    }

    /// How far outside its limits the agent is: the largest |z| of its measures (0 when none has
    /// one). Agents are listed by it, largest first.
    package var distance: Double {
        figures.compactMap { $0.z.map(abs) }.max() ?? 0
    }

    package static func == (a: Self, b: Self) -> Bool {
        a.agent == b.agent && a.calls == b.calls && a.figures == b.figures && a.judged == b.judged && a.flags == b.flags
            && a.hotlineCalls.elementsEqual(b.hotlineCalls) { $0.hotline == $1.hotline && $0.calls == $1.calls }
    }
}
