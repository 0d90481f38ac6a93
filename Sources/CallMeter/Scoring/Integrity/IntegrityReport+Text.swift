import Foundation

/// The text of survey integrity: one agent's figures (for `integrity --agent` and `score --explain`).
extension IntegrityReport {
    /// `12.3`: a share in percent with one decimal.
    package static func percent(_ share: Double?) -> String {
        guard let share, share.isFinite else { return "-" }
        return String(format: "%.1f", share * 100)
    }

    /// `+3.42`: a z with two decimals and its sign.
    package static func signedZ(_ z: Double?) -> String {
        guard let z, z.isFinite else { return "-" }
        return (z >= 0 ? "+" : "") + String(format: "%.2f", z)
    }

    /// The rules in force, on one line.
    package var rulesLine: String {
        "sigma \(Self.number(rules.sigma)), minimum_calls \(rules.minimumCalls), short_call_seconds \(rules.shortCallSeconds)"
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(value)
    }

    /// Every figure of `row`, its hotline mix, whether it was judged and its flags with the
    /// figures behind them; each line ends without a newline.
    package func detailLines(for row: Row) -> [String] {
        let agent = row.integrity
        var out: [String] = []
        let mix = agent.hotlineCalls.map { "\(TerminalText.escaped(hotlineNames[$0.hotline] ?? "#\($0.hotline)")) \($0.calls)" }
        out.append("  \(agent.calls) connected calls; hotline mix: \(mix.joined(separator: ", "))")
        out.append("  measure           events / n        rate %  expected %  limits %        z")
        for figure in agent.figures {
            let mark = figure.isAbove ? "  above" : figure.isBelow ? "  below" : ""
            let limits = figure.lower.map { "\(Self.percent($0))–\(Self.percent(figure.upper))" } ?? "-"
            out.append("  " + pad(figure.measure.title, 16) + "  " + left("\(figure.events) / \(figure.n)", 12) + "  " + left(Self.percent(figure.observedShare), 8)
                       + "  " + left(Self.percent(figure.expected), 10) + "  " + pad(limits, 12) + "  " + left(Self.signedZ(figure.z), 6) + mark)
        }
        if !agent.judged {
            out.append("  not judged: fewer than minimum_calls \(rules.minimumCalls) connected calls (the limits are too wide to mean much)")
        } else if agent.flags.isEmpty {
            out.append("  no flag")
        }
        for raised in agent.flags {
            out.append("  flag \(raised.flag.rawValue): " + Self.evidence(raised))
        }
        return out
    }

    /// The figures behind a flag: `response 4.0 % below 19.9 %, agent-ended 71.0 % above 47.3 %`.
    package static func evidence(_ raised: AgentIntegrity.RaisedFlag) -> String {
        raised.figures.map { figure in
            let side = figure.isAbove ? "above \(percent(figure.upper)) %" : figure.isBelow ? "below \(percent(figure.lower)) %"
                : "within \(percent(figure.lower))–\(percent(figure.upper)) %"
            return "\(figure.measure.title) \(percent(figure.observedShare)) % \(side) (expected \(percent(figure.expected)) %)"
        }.joined(separator: ", ")
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    private func left(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}
