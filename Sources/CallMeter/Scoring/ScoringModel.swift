import Foundation

/// The scoring model of issue 4, as a pure function of the rules and one window's data.
///
/// For each rating i: `x_i = (rating − min) / (max − min)` on the scale it was given on (its own,
/// stored with it; else the center's); weight `w_i = 0.5 ^ (a_i / half_life)`
/// with `a_i` the days (86,400 s each) from the call's start to the end of the window; with the
/// hotline adjustment `x'_i = x_i − m_h + m_all` (weighted means of the hotline and of everyone);
/// agent quality `q = (C · m_all + Σ w_i x'_i) / (C + Σ w_i)`.
///
/// Determinism: each weight is fixed-point (an integer number of 2⁻³² units, at least 1) and the
/// sums are exact 128-bit integer sums, so the order in which rows arrive cannot change a result.
/// Floating point is used only on those exact sums, in a fixed order. Ratings on different scales
/// enter the sums as points on a common denominator, the least common multiple of their scales'
/// widths, so the sums stay exact (with one scale, the denominator is its width: nothing changes).
package struct ScoringModel: Sendable {
    package let rules: ScoringRules
    package let window: ScoringWindow
    package let ratingScale: ClosedRange<Int>

    /// 2³²: weights are stored as integers in units of 1/2³².
    package static let weightUnit: Double = 4_294_967_296

    package init(rules: ScoringRules, window: ScoringWindow, ratingScale: ClosedRange<Int>) {
        self.rules = rules
        self.window = window
        self.ratingScale = ratingScale
    }

    /// The population the agents are measured against.
    package struct Population: Sendable, Equatable {
        package struct Hotline: Sendable, Equatable {
            package let key: Int64
            package let name: String
            /// The hotline's ratings; their mean is m_h.
            package let ratings: WeightedRatings
        }

        /// Every rating of the window; their mean is m_all.
        package let ratings: WeightedRatings
        /// By name.
        package let hotlines: [Hotline]
        /// All-agent rates of the rate components that are on and have data.
        package let componentRates: [ScoringComponent: ScoringInput.Counts]
        /// The scales the window's ratings were given on, with how many of each, by scale; more
        /// than one when the window mixes scales.
        package var scales: [ScaleUse] = []
    }

    /// A set of ratings with their weights and weighted mean: the window's or one hotline's.
    package struct WeightedRatings: Sendable, Equatable {
        package let count: Int
        /// Σ w_i.
        package let weightSum: Double
        /// The weighted mean of x (the rating on 0…1) over the set; 0 without ratings.
        package let mean: Double
    }

    /// How many of the window's ratings were given on one scale.
    package struct ScaleUse: Sendable, Equatable {
        package let scale: ClosedRange<Int>
        package let ratings: Int
    }

    package struct Outcome: Sendable {
        package let population: Population
        /// By agent key.
        package let agents: [AgentScore]
        /// Rate components whose weight is above 0 but that had no calls to look at: left out.
        package let unavailableComponents: [ScoringComponent]
    }

    /// Age in days from `startedAt` to the end of the window.
    package func ageDays(startedAt: Int64) -> Double {
        Double(window.end - startedAt) / 86_400
    }

    /// w = 0.5 ^ (age / half-life), as a real number.
    package func weight(startedAt: Int64) -> Double {
        pow(0.5, ageDays(startedAt: startedAt) / rules.halfLifeDays)
    }

    /// The weight in fixed point: round(w · 2³²), at least 1 so that every rating counts a little.
    package func fixedWeight(startedAt: Int64) -> Int64 {
        max(1, Int64((weight(startedAt: startedAt) * Self.weightUnit).rounded()))
    }

    /// x = (rating − min) / (max − min), on `scale` (nil: the center's).
    package func normalized(_ rating: Int, on scale: ClosedRange<Int>? = nil) -> Double {
        let scale = scale ?? ratingScale
        return Double(rating - scale.lowerBound) / Double(scale.upperBound - scale.lowerBound)
    }

    /// Whether a rating is "satisfied": at or above `satisfied_at_or_above`, a point of the
    /// center's scale; a rating on another scale is satisfied when it lies at least as far up its
    /// own scale (compared exactly, in integers).
    package func isSatisfied(_ rating: Int, on scale: ClosedRange<Int>? = nil) -> Bool {
        guard let scale, scale != ratingScale else { return rating >= rules.satisfiedAtOrAbove }
        let width = Int64(ratingScale.upperBound - ratingScale.lowerBound)
        return Int64(rating - scale.lowerBound) * width
            >= Int64(rules.satisfiedAtOrAbove - ratingScale.lowerBound) * Int64(scale.upperBound - scale.lowerBound)
    }

    /// The largest common denominator the sums use; past it (dozens of scales in one window) the
    /// points are rounded to units of 2⁻³² of a scale instead. Keeps Σ w·points far inside Int128.
    static let largestCommonWidth: Int64 = 1 << 50

    /// The denominator the points of `scales` are counted in: the least common multiple of their
    /// widths (the width itself for one scale), or 2³² when that would pass `largestCommonWidth`.
    static func commonWidth(of scales: some Sequence<ClosedRange<Int>>) -> Int64 {
        var common: Int64 = 1
        for scale in scales {
            let width = Int64(scale.upperBound - scale.lowerBound)
            guard width > 0 else { continue }
            var (a, b) = (common, width)
            while b != 0 { (a, b) = (b, a % b) }
            let (product, overflow) = (common / a).multipliedReportingOverflow(by: width)
            guard !overflow, product <= largestCommonWidth else { return 1 << 32 }
            common = product
        }
        return common
    }

    private struct Sums {
        var count = 0
        var satisfied = 0
        /// Σ fixed w.
        var weight: Int128 = 0
        /// Σ fixed w · (rating − min).
        var weightedPoints: Int128 = 0

        mutating func add(weight w: Int64, points: Int64) {
            count += 1
            weight += Int128(w)
            weightedPoints += Int128(w) * Int128(points)
        }
    }

    private struct PairKey: Hashable {
        let agent: Int64
        let hotline: Int64
    }

    package func run(_ input: ScoringInput) -> Outcome {
        var scaleCounts: [ClosedRange<Int>: Int] = [:]
        for rating in input.ratings { scaleCounts[rating.scale ?? ratingScale, default: 0] += 1 }
        let scales = scaleCounts.map { ScaleUse(scale: $0.key, ratings: $0.value) }
            .sorted { ($0.scale.lowerBound, $0.scale.upperBound) < ($1.scale.lowerBound, $1.scale.upperBound) }
        // One scale: points are rating − min and the denominator its width, exactly as before
        // ratings kept their scale.
        let common = scales.isEmpty ? Int64(ratingScale.upperBound - ratingScale.lowerBound) : Self.commonWidth(of: scales.map(\.scale))
        let range = Double(common)
        var all = Sums()
        var byHotline: [Int64: Sums] = [:]
        var byAgent: [Int64: Sums] = [:]
        var byPair: [PairKey: Sums] = [:]
        for rating in input.ratings {
            let w = fixedWeight(startedAt: rating.startedAt)
            let scale = rating.scale ?? ratingScale
            let width = Int64(scale.upperBound - scale.lowerBound)
            let raw = Int64(rating.rating - scale.lowerBound)
            // Exact when `common` is a multiple of the width (always, short of dozens of scales).
            let points = common % width == 0 ? raw * (common / width) : (raw * common + width / 2) / width
            all.add(weight: w, points: points)
            byHotline[rating.hotline, default: Sums()].add(weight: w, points: points)
            byAgent[rating.agent, default: Sums()].add(weight: w, points: points)
            byPair[PairKey(agent: rating.agent, hotline: rating.hotline), default: Sums()].add(weight: w, points: points)
            if isSatisfied(rating.rating, on: rating.scale) { byAgent[rating.agent]?.satisfied += 1 }
        }

        func mean(_ sums: Sums) -> Double {
            sums.weight > 0 ? Double(sums.weightedPoints) / (Double(sums.weight) * range) : 0
        }
        func weighted(_ sums: Sums) -> WeightedRatings {
            WeightedRatings(count: sums.count, weightSum: Double(sums.weight) / Self.weightUnit, mean: mean(sums))
        }
        let mAll = mean(all)
        func name(_ hotline: Int64) -> String { input.hotlineNames[hotline] ?? "#\(hotline)" }
        let hotlines = byHotline.map { key, sums in
            Population.Hotline(key: key, name: name(key), ratings: weighted(sums))
        }.sorted { ($0.name, $0.key) < ($1.name, $1.key) }
        let hotlineMean = Dictionary(uniqueKeysWithValues: hotlines.map { ($0.key, $0.ratings.mean) })

        // Rate components that are on, with their all-agent totals.
        var rateInputs: [(ScoringComponent, [Int64: ScoringInput.Counts])] = []
        var unavailable: [ScoringComponent] = []
        var componentRates: [ScoringComponent: ScoringInput.Counts] = [:]
        for (component, counts) in [
            (ScoringComponent.repeatContact, input.repeatContacts), (.agentHangup, input.agentHangups), (.ringNoAnswer, input.ringNoAnswers),
            (.adherence, input.adherence),
        ]
        where rules.weight(component) > 0 {
            let counts = counts ?? [:]
            let calls = counts.values.reduce(0) { $0 + $1.calls }
            let events = counts.values.reduce(0) { $0 + $1.events }
            if calls == 0 {
                unavailable.append(component)
                continue
            }
            componentRates[component] = ScoringInput.Counts(calls: calls, events: events)
            rateInputs.append((component, counts))
        }
        let totalWeight = rules.weight(.ratings) + rateInputs.reduce(0) { $0 + rules.weight($1.0) }
        let c = rules.priorStrength

        let agentKeys = Set(input.answeredCalls.keys).union(byAgent.keys).sorted()
        var scores: [AgentScore] = []
        scores.reserveCapacity(agentKeys.count)
        for agent in agentKeys {
            let sums = byAgent[agent] ?? Sums()
            let weightSum = Double(sums.weight) / Self.weightUnit
            let weightedSum = Double(sums.weightedPoints) / (Self.weightUnit * range)
            var adjustment = 0.0
            if rules.adjustForHotline && sums.count > 0 {
                for hotline in hotlines {
                    guard let pair = byPair[PairKey(agent: agent, hotline: hotline.key)] else { continue }
                    adjustment += Double(pair.weight) / Self.weightUnit * ((hotlineMean[hotline.key] ?? mAll) - mAll)
                }
            }
            var ratingQuality: Double?
            var quality: Double?
            var components: [AgentScore.Component] = []
            if sums.count > 0 {
                let q = (c * mAll + weightedSum - adjustment) / (c + weightSum)
                ratingQuality = q
                var combined = rules.weight(.ratings) * q
                for (component, counts) in rateInputs {
                    guard let totals = componentRates[component] else { continue }
                    let own = counts[agent] ?? ScoringInput.Counts(calls: 0, events: 0)
                    let allRate = Double(totals.events) / Double(totals.calls)
                    let denominator = c + Double(own.calls)
                    let shrunk = denominator > 0 ? (c * allRate + Double(own.events)) / denominator : allRate
                    let weight = rules.weight(component)
                    components.append(AgentScore.Component(
                        component: component, weight: weight, normalizedWeight: weight / totalWeight,
                        calls: own.calls, events: own.events, shrunkShare: shrunk, value: 1 - shrunk))
                    combined += weight * (1 - shrunk)
                }
                quality = combined / totalWeight
            }
            let scoreTenths = quality.map(roundedTenths)
            let wilson = wilsonLowerBound(successes: sums.satisfied, total: sums.count).map(roundedTenths)
            scores.append(AgentScore(
                agent: agent, calls: input.answeredCalls[agent] ?? 0, ratings: sums.count, satisfied: sums.satisfied,
                weightSum: weightSum, weightedSum: weightedSum, hotlineAdjustment: adjustment, ratingQuality: ratingQuality,
                components: components, quality: quality, scoreTenths: scoreTenths, wilsonTenths: wilson,
                band: band(ratings: sums.count, scoreTenths: scoreTenths)))
        }
        let population = Population(
            ratings: weighted(all), hotlines: hotlines,
            componentRates: componentRates, scales: scales)
        return Outcome(population: population, agents: scores, unavailableComponents: unavailable)
    }

    /// `insufficient` below `min_ratings` ratings (and always without a score); otherwise the
    /// first band whose threshold the score reaches.
    package func band(ratings: Int, scoreTenths: Int?) -> ScoreBand {
        guard let scoreTenths, ratings > 0, ratings >= rules.minRatings else { return .insufficient }
        return rules.bands.first { scoreTenths >= $0.minimumTenths }?.band ?? .poor
    }
}
