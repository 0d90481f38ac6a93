/// The model's verdict on one agent for one window, with the numbers behind it.
public struct AgentScore: Sendable, Equatable {
    /// The store's key of the agent.
    public let agent: Int64
    /// Answered or transferred calls in the window.
    public let calls: Int
    /// `overall` ratings of those calls.
    public let ratings: Int
    /// Ratings at or above `satisfied_at_or_above`.
    public let satisfied: Int
    /// Σ w_i over the agent's ratings.
    public let weightSum: Double
    /// Σ w_i x_i.
    public let weightedSum: Double
    /// Σ w_i (m_h − m_all): what the hotline adjustment takes away (0 when it is off).
    public let hotlineAdjustment: Double
    /// `q` of the rating component: `(C · m_all + Σ w_i x'_i) / (C + Σ w_i)`; nil without ratings.
    public let ratingQuality: Double?
    /// The rate components with a weight above 0.
    public let components: [Component]
    /// The weighted mean of the components: what the score is 100 times; nil without ratings.
    public let quality: Double?
    /// The score in tenths of a point (723 is 72.3); nil without ratings.
    public let scoreTenths: Int?
    /// The Wilson lower bound of the CSAT share in tenths of a percent; nil without ratings.
    public let wilsonTenths: Int?
    /// The band of `scoreTenths`, or `insufficient` with fewer ratings than `min_ratings`.
    public let band: ScoreBand

    /// Σ w_i x'_i.
    public var adjustedWeightedSum: Double { weightedSum - hotlineAdjustment }

    /// CSAT % in tenths of a percent, rounded half up in integers; nil without ratings.
    public var csatTenths: Int? {
        guard ratings > 0 else { return nil }
        return (satisfied * 2000 + ratings) / (2 * ratings)
    }

    package func component(_ component: ScoringComponent) -> Component? {
        components.first { $0.component == component }
    }
}
