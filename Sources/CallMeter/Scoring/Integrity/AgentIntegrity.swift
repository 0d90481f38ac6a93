/// One agent's survey-integrity figures for one window: each measure against the rate its hotline
/// mix predicts, within control limits for its own n, and the flags they raise.
package struct AgentIntegrity: Sendable, Equatable {
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
