package import CallMeter

/// An inbox subfolder: the kind of the files dropped in it and the format they are in.
package enum InboxKind: String, CaseIterable, Sendable {
    case agents
    case commitments
    case cdr
    case asteriskCSV = "asterisk-csv"
    case asteriskQueueLog = "asterisk-queue-log"
    case ratings

    /// The subfolder's name.
    package var folder: String { rawValue }

    /// What the files hold.
    package var ingestKind: IngestReport.Kind {
        switch self {
        case .agents: .agents
        case .commitments: .commitments
        case .cdr, .asteriskCSV, .asteriskQueueLog: .cdr
        case .ratings: .ratings
        }
    }

    /// The file format: `native` is CallMeter's own CSV (`callmeter ingest`).
    package var format: String {
        switch self {
        case .agents, .commitments, .cdr, .ratings: "native"
        case .asteriskCSV: "asterisk-csv"
        case .asteriskQueueLog: "asterisk-queue-log"
        }
    }

    /// Whether its files are read with `asterisk.json` (held back while that file does not load).
    package var needsAsteriskRules: Bool {
        switch self {
        case .agents, .commitments, .cdr, .ratings: false
        case .asteriskCSV, .asteriskQueueLog: true
        }
    }

    /// The order of a pass: the directory first (commitments name its agents), ratings last (fewer of them wait for their call).
    static var passOrder: [InboxKind] { allCases }
}
