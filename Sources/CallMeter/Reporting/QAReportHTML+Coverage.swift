import Foundation

/// The report's coverage section: next week's plan per hotline (from `Capacity.coverage`).
extension QAReportHTML {
    static func coverage(_ report: QAReport) -> HTML {
        switch report.coverage {
        case nil:
            return ""
        case .unavailable(let reason)?:
            return "<h2>Coverage</h2><p class=\"warn\">Not available: \(reason)</p>"
        case .report(let coverage)?:
            return coverageSection(coverage)
        }
    }

    /// Uncovered stretches listed; the rest are counted.
    static let stretchesShown = 12

    static func coverageSection(_ coverage: CoverageReport) -> HTML {
        let days = coverage.week.days
        let history = coverage.historyWeeks.first.map { first in
            "\(first) to \(coverage.historyWeeks.last ?? first)"
        } ?? "no history"
        var summary: [HTML] = []
        for hotline in coverage.hotlines {
            summary.append("""
                <tr><td class="agent" data-label="Hotline"><span class="name">\(hotline.hotline)</span></td>\
                <td class="num" data-label="Calls">\(CoverageFormat.fixed(hotline.calls, places: 0))</td>\
                <td class="num" data-label="Uncovered h">\(CoverageFormat.fixed(hotline.uncoveredHours, places: 1))</td>\
                <td class="num" data-label="Short h">\(CoverageFormat.fixed(hotline.shortHours, places: 1))</td>\
                <td class="num" data-label="Required agent-h">\(CoverageFormat.fixed(hotline.requiredAgentHours, places: 1))</td>\
                <td class="num" data-label="Committed agent-h">\(CoverageFormat.fixed(hotline.committedAgentHours, places: 1))</td>\
                <td class="num" data-label="Target">\(CoverageFormat.target(hotline.target))</td>\
                <td class="num" data-label="Expected SL %">\(CoverageFormat.percent(hotline.serviceLevel))</td>\
                <td class="num" data-label="Model">\(CoverageFormat.model(hotline.model))</td></tr>

                """)
        }
        guard !summary.isEmpty else {
            return """
                <h2>Coverage of \(coverage.week.description)</h2>
                <p class="note">No hotline had an inbound call in \(history): there is nothing to plan from.</p>
                """
        }
        let stretches = coverage.uncoveredStretches
        let more: HTML = stretches.count > stretchesShown
            ? "<li class=\"muted\">and \(stretches.count - stretchesShown) more: <code>callmeter coverage --week \(coverage.week.description)</code> lists them all</li>"
            : ""
        let uncovered: HTML = stretches.isEmpty
            ? "<p class=\"note\">Uncovered: none. Every slot with calls forecast has an agent committed.</p>"
            : "<h3>Uncovered: calls forecast, no agent committed (\(stretches.count))</h3><ul>"
                + HTML.join(stretches.prefix(stretchesShown).map { "<li>\($0.hotline): \($0.from) to \($0.to) (\(CoverageFormat.fixed($0.hours, places: 1)) h)</li>" })
                + more + "</ul>"
        let maps = HTML.join(coverage.hotlines.map { hotline -> HTML in
            "<figure><figcaption>\(hotline.hotline)</figcaption>\(CoverageHeatMapSVG.render(coverage, hotline: hotline.hotline))</figure>"
        })
        let legend = HTML.join(CoverageHeatMapSVG.legend.map { entry -> HTML in
            "<li class=\"band\"><span class=\"dot\" style=\"background:\(entry.fill)\"></span>\(entry.label)</li>"
        })
        let worst = coverage.worstSlots
        let worstTable: HTML = worst.isEmpty ? "<p class=\"note\">No slot is short of its requirement.</p>" : """
            <h3>Worst slots</h3>
            <div class="scroll">
            <table class="stack">
            <thead><tr><th>Slot</th><th>Hotline</th><th class="num">Calls</th><th class="num">Required</th><th class="num">Committed</th><th class="num">Gap</th><th class="num">Expected SL %</th></tr></thead>
            <tbody>
            \(HTML.join(worst.map { row -> HTML in
                """
                <tr><td class="agent" data-label="Slot">\(row.slot.label)</td><td data-label="Hotline">\(row.hotline)</td>\
                <td class="num" data-label="Calls">\(CoverageFormat.fixed(row.calls, places: 1))</td>\
                <td class="num" data-label="Required">\(row.required)</td>\
                <td class="num" data-label="Committed">\(CoverageFormat.fixed(row.committed, places: 2))</td>\
                <td class="num" data-label="Gap">\(CoverageFormat.fixed(row.gap, places: 2))</td>\
                <td class="num" data-label="Expected SL %">\(CoverageFormat.percent(row.expected.serviceLevel))</td></tr>

                """
            }))</tbody>
            </table>
            </div>
            """
        return """
            <h2>Coverage of \(coverage.week.description)</h2>
            <p class="note">\(days[0].description) to \(days[6].description) (\(coverage.timeZone.identifier)), \(coverage.intervalMinutes)-minute slots; forecast from \(history); committed agents after shrinkage \(CoverageFormat.fixed(coverage.shrinkage, places: 2)); see <code>callmeter coverage --week \(coverage.week.description)</code> for every slot.</p>
            <div class="scroll">
            <table class="stack">
            <thead><tr><th>Hotline</th><th class="num">Calls</th><th class="num">Uncovered h</th><th class="num">Short h</th><th class="num">Required agent-h</th><th class="num">Committed agent-h</th><th class="num">Target</th><th class="num">Expected SL %</th><th class="num">Model</th></tr></thead>
            <tbody>
            \(HTML.join(summary))</tbody>
            </table>
            </div>
            <ul class="legend">\(legend)</ul>
            \(maps)
            \(uncovered)
            \(worstTable)
            """
    }
}
