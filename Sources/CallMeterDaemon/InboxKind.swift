package import CallMeter

/// An inbox subfolder: the kind of the files dropped in it and the format they are in.
package enum InboxKind: String, CaseIterable, Sendable {
    case agents
    case commitments
    case cdr
    case asteriskCSV = "asterisk-csv"
    case asteriskQueueLog = "asterisk-queue-log"
    case freeswitchCSV = "freeswitch-csv"
    case ratings

    /// The rule file of a PBX's formats, without which its folders' files cannot be read.
    package enum PBXRules: Sendable, CaseIterable {
        case asterisk
        case freeswitch

        package var fileName: String {
            switch self {
            case .asterisk: AsteriskRules.fileName
            case .freeswitch: FreeSWITCHRules.fileName
            }
        }
    }

    /// The subfolder's name.
    package var folder: String { rawValue }

    /// What the files hold.
    package var ingestKind: IngestReport.Kind {
        switch self {
        case .agents: .agents
        case .commitments: .commitments
        case .cdr, .asteriskCSV, .asteriskQueueLog, .freeswitchCSV: .cdr
        case .ratings: .ratings
        }
    }

    /// The file format: `native` is CallMeter's own CSV (`callmeter ingest`).
    package var format: String {
        switch self {
        case .agents, .commitments, .cdr, .ratings: "native"
        case .asteriskCSV: "asterisk-csv"
        case .asteriskQueueLog: "asterisk-queue-log"
        case .freeswitchCSV: "freeswitch-csv"
        }
    }

    /// The PBX rule file its files are read with (held back while that file does not load); nil
    /// for CallMeter's own formats.
    package var pbxRules: PBXRules? {
        switch self {
        case .agents, .commitments, .cdr, .ratings: nil
        case .asteriskCSV, .asteriskQueueLog: .asterisk
        case .freeswitchCSV: .freeswitch
        }
    }

    /// The order of a pass: the directory first (commitments name its agents), ratings last (fewer of them wait for their call).
    static var passOrder: [InboxKind] { allCases }
}
