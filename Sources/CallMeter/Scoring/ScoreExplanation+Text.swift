import Foundation

/// The explanation as text: each number of the model with the formula it comes from.
extension ScoreExplanation {
    package var text: String {
        var out: [String] = []
        let run = self.run
        let rules = run.rules
        let window = run.window
        let scale = run.ratingScale
        // Names come from input files: escaped, so that one cannot drive the terminal or fake a line.
        let agentID = TerminalText.escaped(agentID)
        let who = name.map { "\(agentID) (\(TerminalText.escaped($0)))" } ?? agentID
        out.append("Score of \(who) as of \(window.asOf)")
        out.append("")
        out.append("Window")
        out.append("  \(window.days) local days \(window.firstDay) to \(window.asOf) in \(window.timeZone.identifier)")
        out.append("  = \(Timestamp.formatUTC(window.start)) to \(Timestamp.formatUTC(window.end)) (end excluded), \(window.end - window.start) s")
        out.append("Rules (scoring.json sha256 \(rules.sha256.isEmpty ? "-" : rules.sha256))")
        out.append("  rating scale \(scale.lowerBound)–\(scale.upperBound), half_life_days \(num(rules.halfLifeDays)), prior_strength C = \(num(rules.priorStrength)), adjust_for_hotline \(rules.adjustForHotline)")
        let bands = rules.bands.map { "\($0.band.rawValue) ≥ \(ScoringRules.format(tenths: $0.minimumTenths))" }.joined(separator: ", ")
        out.append("  satisfied_at_or_above \(rules.satisfiedAtOrAbove), min_ratings \(rules.minRatings), bands \(bands)")
        let weights = ScoringComponent.allCases.map { "\($0.rawValue) \(num(rules.weight($0)))" }.joined(separator: ", ")
        out.append("  components: \(weights); repeat_window_hours \(rules.repeatWindowHours), short_call_seconds \(rules.shortCallSeconds)")
        out.append("")

        let population = run.population
        out.append("All agents (the prior and the hotline means)")
        out.append("  \(population.ratings.count) overall ratings, Σw = \(f6(population.ratings.weightSum)), m_all = Σw·x / Σw = \(f6(population.ratings.mean))")
        let mixed = population.scales.count > 1
        if mixed {
            let uses = population.scales.map { "\($0.scale.lowerBound)–\($0.scale.upperBound) (\($0.ratings))" }.joined(separator: ", ")
            out.append("  the window mixes rating scales: \(uses); each rating's x is taken on the scale it was given on")
        }
        let hotlineWidth = max(7, population.hotlines.map { TerminalText.escaped($0.name).count }.max() ?? 0)
        out.append("  " + pad("hotline", hotlineWidth) + "  ratings          Σw       m_h  m_h − m_all")
        for hotline in population.hotlines {
            out.append("  " + pad(TerminalText.escaped(hotline.name), hotlineWidth) + "  " + left(String(hotline.ratings.count), 7) + "  " + left(f6(hotline.ratings.weightSum), 10)
                       + "  " + left(f6(hotline.ratings.mean), 8) + "  " + left(signed6(hotline.ratings.mean - population.ratings.mean), 11))
        }
        for component in ScoringComponent.allCases {
            guard let totals = population.componentRates[component] else { continue }
            out.append("  \(component.rawValue): \(totals.events) of \(totals.calls) calls = \(f6(rate(totals.events, totals.calls)))")
        }
        for component in run.unavailableComponents {
            out.append("  \(component.rawValue): weight \(num(rules.weight(component))) but no calls with the data it needs in the window: left out")
        }
        out.append("")

        guard let row else {
            out.append("\(agentID) has no answered or transferred call in the window: not scored.")
            appendStored(&out)
            return out.joined(separator: "\n") + "\n"
        }
        let score = row.score
        out.append("\(agentID): \(score.calls) answered calls, \(score.ratings) with an overall rating")
        if !ratings.isEmpty {
            let xFormula = mixed ? "x = (rating − its scale's min) / (its max − min)"
                : "x = (rating − \(scale.lowerBound)) / \(scale.upperBound - scale.lowerBound)"
            out.append("  \(xFormula); age = days from the call's start to the end of the window;"
                       + " w = 0.5^(age / \(num(rules.halfLifeDays)))" + (rules.adjustForHotline ? "; x' = x − m_h + m_all" : "; x' = x (no hotline adjustment)"))
            let callWidth = max(4, ratings.map { $0.callID.count }.max() ?? 0)
            let lineHotlineWidth = max(7, ratings.map { $0.hotline.count }.max() ?? 0)
            out.append("  " + pad("call", callWidth) + "  started (local)      " + pad("hotline", lineHotlineWidth)
                       + "  rating         x      age         w       m_h        x'      w·x'")
            for line in ratings {
                out.append("  " + pad(line.callID, callWidth) + "  " + localTime(line.startedAt, window.timeZone) + "  " + pad(line.hotline, lineHotlineWidth)
                           + "  " + left(mixed ? "\(line.rating) (\(line.scale.lowerBound)–\(line.scale.upperBound))" : String(line.rating), 6)
                           + "  " + left(f6(line.x), 8) + "  " + left(f3(line.ageDays), 7)
                           + "  " + left(f6(line.weight), 8) + "  " + left(f6(line.hotlineMean), 8) + "  " + left(f6(line.adjusted), 8)
                           + "  " + left(f6(line.weight * line.adjusted), 8))
            }
            out.append("  Σw = \(f6(score.weightSum)), Σw·x = \(f6(score.weightedSum)), Σw·(m_h − m_all) = \(signed6(score.hotlineAdjustment)), Σw·x' = \(f6(score.adjustedWeightedSum))")
        }
        out.append("")

        if let q = score.ratingQuality {
            let c = rules.priorStrength
            let numerator = c * population.ratings.mean + score.adjustedWeightedSum
            out.append("Rating component")
            out.append("  q = (C·m_all + Σw·x') / (C + Σw) = (\(num(c)) × \(f6(population.ratings.mean)) + \(f6(score.adjustedWeightedSum))) / (\(num(c)) + \(f6(score.weightSum)))"
                       + " = \(f6(numerator)) / \(f6(c + score.weightSum)) = \(f6(q))")
            for component in score.components {
                out.append("\(component.component.rawValue) (weight \(num(component.weight)))")
                let what = switch component.component {
                case .repeatContact:
                    "inbound calls with a known caller, \(component.events) followed by the same caller on the same hotline within \(rules.repeatWindowHours) h"
                case .ringNoAnswer:
                    "queue calls offered (rung out or answered from a queue), \(component.events) left to ring out (RINGNOANSWER)"
                case .adherence:
                    "committed minutes, \(component.events) of them not available (not logged in, or paused)"
                default:
                    "calls with ended_by known, \(component.events) ended by the agent with at most \(rules.shortCallSeconds) s of talk"
                }
                out.append("  \(component.calls) \(what)")
                let all = population.componentRates[component.component].map { rate($0.events, $0.calls) } ?? 0
                out.append("  rate = (C·all-agent rate + events) / (C + calls) = (\(num(c)) × \(f6(all)) + \(component.events)) / (\(num(c)) + \(component.calls)) = \(f6(component.shrunkShare));"
                           + " enters as 1 − rate = \(f6(component.value))")
            }
            out.append("Score")
            if let quality = score.quality, let tenths = score.scoreTenths {
                if score.components.isEmpty {
                    out.append("  quality = q = \(f6(quality)) (the only component with a weight above 0)")
                } else {
                    let terms = ["\(num(rules.weight(.ratings))) × \(f6(q))"] + score.components.map { "\(num($0.weight)) × \(f6($0.value))" }
                    let total = rules.weight(.ratings) + score.components.reduce(0) { $0 + $1.weight }
                    out.append("  quality = (\(terms.joined(separator: " + "))) / \(num(total)) = \(f6(quality))")
                }
                out.append("  score = 100 × quality = \(f4(100 * quality)) → \(ScoringRules.format(tenths: tenths)) (clamped to 0–100, one decimal, halves up)")
            }
        } else {
            out.append("Score: none: no overall rating in the window.")
        }

        out.append("CSAT")
        if let csat = score.csatTenths {
            out.append("  \(score.satisfied) of \(score.ratings) ratings ≥ \(rules.satisfiedAtOrAbove) = \(ScoringRules.format(tenths: csat)) % (unweighted)"
                       + (mixed ? "; a rating on another scale counts when it is at least as far up its scale" : ""))
            let n = Double(score.ratings)
            let p = Double(score.satisfied) / n
            let bound = wilsonLowerBound(successes: score.satisfied, total: score.ratings) ?? 0
            out.append("  Wilson lower bound, z = \(ScoringRules.wilsonZ): (p + z²/2n − z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n) with p = \(f6(p)), n = \(Int(n))"
                       + " = \(f6(bound)) → \(score.wilsonTenths.map { ScoringRules.format(tenths: $0) } ?? "-") %")
        } else {
            out.append("  no ratings: no CSAT and no Wilson bound")
        }

        out.append("Band")
        if score.ratings < max(rules.minRatings, 1) || score.scoreTenths == nil {
            out.append("  \(score.ratings) ratings < min_ratings \(max(rules.minRatings, 1)) → insufficient")
        } else if let tenths = score.scoreTenths, let threshold = rules.bands.first(where: { tenths >= $0.minimumTenths }) {
            out.append("  \(score.ratings) ratings ≥ min_ratings \(rules.minRatings); \(ScoringRules.format(tenths: tenths)) ≥ \(threshold.band.rawValue) \(ScoringRules.format(tenths: threshold.minimumTenths)) → \(score.band.rawValue)")
        }
        if let previous = row.previousScoreTenths, let asOf = run.previousAsOf {
            out.append("Change: previous run \(asOf) had \(ScoringRules.format(tenths: previous))" + (row.changeTenths.map { ", change \(signedTenths($0))" } ?? ""))
        }

        if !otherQuestions.isEmpty {
            out.append("Other questions (stored, not scored)")
            for other in otherQuestions { out.append("  \(other.callID) \(other.question) \(other.rating)") }
        }
        appendStored(&out)
        return out.joined(separator: "\n") + "\n"
    }

    private func appendStored(_ out: inout [String]) {
        guard let stored else {
            out.append("Stored run for \(run.window.asOf): none (run 'callmeter score --as-of \(run.window.asOf)' to store one)")
            return
        }
        let score = stored.scoreTenths.map { ScoringRules.format(tenths: $0) } ?? "none"
        let same = stored.scoreTenths == row?.score.scoreTenths && stored.band == row?.score.band
        out.append("Stored run for \(run.window.asOf): score \(score), band \(stored.band.rawValue)"
                   + (same ? " (the same)" : " (differs: the data or rules changed since; re-run 'callmeter score --as-of \(run.window.asOf)')"))
    }
}

private func rate(_ events: Int, _ calls: Int) -> Double { calls > 0 ? Double(events) / Double(calls) : 0 }
private func f3(_ value: Double) -> String { String(format: "%.3f", value) }
private func f4(_ value: Double) -> String { String(format: "%.4f", value) }
private func f6(_ value: Double) -> String { String(format: "%.6f", value) }
private func signed6(_ value: Double) -> String { String(format: "%+.6f", value) }
/// A rule number as it reads best: `14`, `0.5`.
private func num(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
}
func signedTenths(_ tenths: Int) -> String {
    (tenths > 0 ? "+" : tenths < 0 ? "−" : "±") + ScoringRules.format(tenths: abs(tenths))
}
private func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}
private func left(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
}
/// `2026-10-01 10:02:57` in `zone`.
func localTime(_ seconds: Int64, _ zone: TimeZone) -> String {
    let offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds))))
    let utc = Timestamp.formatUTC(seconds + offset)
    return String(utc.dropLast()).replacingOccurrences(of: "T", with: " ")
}
