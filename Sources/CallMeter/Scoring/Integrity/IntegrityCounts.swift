/// One agent's counts on one hotline in the window: the numerators and denominators of every
/// measure.
package struct IntegrityCounts: Sendable, Equatable {
    package var calls: Int
    package var rated: Int
    package var endKnown: Int
    package var agentEnded: Int
    package var transferred: Int
    package var short: Int
    package var topRated: Int
    package var bottomRated: Int

    package init(calls: Int = 0, rated: Int = 0, endKnown: Int = 0, agentEnded: Int = 0, transferred: Int = 0, short: Int = 0,
                 topRated: Int = 0, bottomRated: Int = 0) {
        self.calls = calls
        self.rated = rated
        self.endKnown = endKnown
        self.agentEnded = agentEnded
        self.transferred = transferred
        self.short = short
        self.topRated = topRated
        self.bottomRated = bottomRated
    }

    /// (events, n) of `measure`.
    package func share(_ measure: IntegrityMeasure) -> (events: Int, n: Int) {
        switch measure {
        case .response: (rated, calls)
        case .agentEnded: (agentEnded, endKnown)
        case .transfer: (transferred, calls)
        case .shortCall: (short, calls)
        case .extremeRating: (topRated + bottomRated, rated)
        case .topRating: (topRated, rated)
        }
    }

    package static func + (a: Self, b: Self) -> Self {
        IntegrityCounts(
            calls: a.calls + b.calls, rated: a.rated + b.rated, endKnown: a.endKnown + b.endKnown, agentEnded: a.agentEnded + b.agentEnded,
            transferred: a.transferred + b.transferred, short: a.short + b.short, topRated: a.topRated + b.topRated,
            bottomRated: a.bottomRated + b.bottomRated)
    }

    package static func - (a: Self, b: Self) -> Self {
        IntegrityCounts(
            calls: a.calls - b.calls, rated: a.rated - b.rated, endKnown: a.endKnown - b.endKnown, agentEnded: a.agentEnded - b.agentEnded,
            transferred: a.transferred - b.transferred, short: a.short - b.short, topRated: a.topRated - b.topRated,
            bottomRated: a.bottomRated - b.bottomRated)
    }
}
