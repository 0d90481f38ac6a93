import Foundation

/// The headline figures of a morning page, written into the page itself as one `<meta>` element
/// and read back from the file for the index and for `callmeter status`: the pages on disk are the
/// record of what was written, so nothing about them is stored in the database.
///
/// `<meta name="callmeter-page" content="as_of=2026-10-31 run=2026-10-31 generated=1793505000
/// agents=4 with_score=4 ratings=68 satisfied=51 bands=1,2,1,0,0 feed=3">`: integers and dates
/// only, so the content needs no escaping and reads back exactly.
package struct PageHeadline: Sendable, Equatable {
    package let asOf: CalendarDate
    /// The scoring run the page shows (the latest on or before `asOf`); nil when there was none.
    package let runAsOf: CalendarDate?
    /// When the page was made, Unix seconds.
    package let generatedAt: Int64
    package let agentsScored: Int
    package let agentsWithScore: Int
    package let ratings: Int
    package let satisfied: Int
    /// Agents per band, in `ScoreBand.allCases` order.
    package let bands: [Int]
    /// The routing feed's version on the page; nil when none was published.
    package let feedVersion: Int64?

    package var csatTenths: Int? {
        guard ratings > 0 else { return nil }
        return (satisfied * 2000 + ratings) / (2 * ratings)
    }

    static let metaName = "callmeter-page"

    package init(_ report: QAReport) {
        let h = report.headline
        self.init(
            asOf: report.asOf, runAsOf: report.run?.asOf, generatedAt: Int64(report.generatedAt.timeIntervalSince1970.rounded(.down)),
            agentsScored: h.agentsScored, agentsWithScore: h.agentsWithScore, ratings: h.ratings, satisfied: h.satisfied, bands: h.bands,
            feedVersion: report.feed?.version)
    }

    init(
        asOf: CalendarDate, runAsOf: CalendarDate?, generatedAt: Int64, agentsScored: Int, agentsWithScore: Int, ratings: Int,
        satisfied: Int, bands: [Int], feedVersion: Int64?
    ) {
        self.asOf = asOf
        self.runAsOf = runAsOf
        self.generatedAt = generatedAt
        self.agentsScored = agentsScored
        self.agentsWithScore = agentsWithScore
        self.ratings = ratings
        self.satisfied = satisfied
        self.bands = bands
        self.feedVersion = feedVersion
    }

    /// The `content` of the element.
    var content: String {
        var fields = ["as_of=\(asOf)"]
        if let runAsOf { fields.append("run=\(runAsOf)") }
        fields += [
            "generated=\(generatedAt)", "agents=\(agentsScored)", "with_score=\(agentsWithScore)", "ratings=\(ratings)",
            "satisfied=\(satisfied)", "bands=" + bands.map(String.init).joined(separator: ","),
        ]
        if let feedVersion { fields.append("feed=\(feedVersion)") }
        return fields.joined(separator: " ")
    }

    var meta: HTML { "<meta name=\"\(Self.metaName)\" content=\"\(content)\">" }

    /// The headline of a page's text (its first few kilobytes are enough: the element is at the
    /// top of the head); nil when the page has none or it does not read.
    package static func read(page text: Substring) -> PageHeadline? {
        let opening = "<meta name=\"\(metaName)\" content=\""
        guard let start = text.range(of: opening), let end = text[start.upperBound...].firstIndex(of: "\"") else { return nil }
        var fields: [Substring: Substring] = [:]
        for pair in text[start.upperBound..<end].split(separator: " ") {
            guard let equals = pair.firstIndex(of: "=") else { return nil }
            fields[pair[..<equals]] = pair[pair.index(after: equals)...]
        }
        func int(_ key: Substring) -> Int? { fields[key].flatMap { Int($0) } }
        guard let asOf = fields["as_of"].flatMap({ CalendarDate(String($0)) }),
              let generated = fields["generated"].flatMap({ Int64($0) }),
              let agents = int("agents"), let withScore = int("with_score"), let ratings = int("ratings"),
              let satisfied = int("satisfied"), let bandText = fields["bands"]
        else { return nil }
        let bands = bandText.split(separator: ",").compactMap { Int($0) }
        guard bands.count == ScoreBand.allCases.count else { return nil }
        var runAsOf: CalendarDate?
        if let run = fields["run"] {
            guard let date = CalendarDate(String(run)) else { return nil }
            runAsOf = date
        }
        var feed: Int64?
        if let version = fields["feed"] {
            guard let value = Int64(version) else { return nil }
            feed = value
        }
        return PageHeadline(
            asOf: asOf, runAsOf: runAsOf, generatedAt: generated, agentsScored: agents, agentsWithScore: withScore, ratings: ratings,
            satisfied: satisfied, bands: bands, feedVersion: feed)
    }

    package func count(_ band: ScoreBand) -> Int {
        ScoreBand.allCases.firstIndex(of: band).map { bands[$0] } ?? 0
    }
}
