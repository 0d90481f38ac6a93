/// The columns of a header-less Asterisk CDR file that is not `cdr_csv`'s `Master.csv`: a
/// `cdr_custom` mapping, or a CDR table saved without its header. Chosen with
/// `callmeter ingest cdr --format asterisk-csv --layout NAME`; named under `"layouts"` in
/// `Rules/asterisk.json`, or one of the `presets` built in.
public struct AsteriskColumnLayout: Sendable, Equatable {
    package let name: String
    /// The column names, in file order, as the CDR table names them; `""` is a column CallMeter
    /// does not read.
    package let columns: [String]
    /// How the dates of the file are written.
    package let dates: WallClockDates

    package init(name: String, columns: [String], dates: WallClockDates = .isoYearMonthDay) {
        self.name = name
        self.columns = columns
        self.dates = dates
    }

    /// The layouts every installation knows; a layout of the same name in `asterisk.json` replaces one.
    package static let presets: [AsteriskColumnLayout] = [
        // `cdr_custom.conf` as Asterisk ships it (configs/samples/cdr_custom.conf.sample, the
        // `Master.csv => ${CSV_QUOTE(${CDR(clid)})},…,${CDR(sequence)}` line).
        AsteriskColumnLayout(name: "cdr-custom-sample", columns: [
            "clid", "src", "dst", "dcontext", "channel", "dstchannel", "lastapp", "lastdata", "start", "answer", "end",
            "duration", "billsec", "disposition", "amaflags", "accountcode", "uniqueid", "userfield", "sequence",
        ]),
        // FreePBX 13's `asteriskcdrdb.cdr` table saved by a spreadsheet without its header: 25
        // columns, dates `1/9/2017 16:33:01` (day first). The last two columns (`0` and empty in
        // every row seen) are not read: `0` is no linkedid.
        AsteriskColumnLayout(name: "freepbx13-cdr-table", columns: [
            "calldate", "clid", "src", "dst", "dcontext", "channel", "dstchannel", "lastapp", "lastdata", "duration",
            "billsec", "disposition", "amaflags", "accountcode", "uniqueid", "userfield", "recordingfile", "did", "cnum",
            "cnam", "outbound_cnum", "outbound_cnam", "dst_cnam", "", "",
        ], dates: .dayMonthYear),
    ]

    /// Columns a layout may name: those of the CDR table CallMeter reads or knows to ignore.
    static let knownColumns: Set<String> = Set(AsteriskCDRTableColumns.required + AsteriskCDRTableColumns.optional)

    /// Reads one layout of `asterisk.json`: an array of column names, or
    /// `{ "columns": [...], "dates": "D/M/YYYY" }`.
    init(name: String, value: RuleValue) throws(RulesError) {
        let elements: [RuleValue]
        var dates = WallClockDates.isoYearMonthDay
        if case .array = value.json.kind {
            elements = try value.array()
        } else {
            let object = try value.object()
            elements = try object.array("columns")
            if let spelled = object.optionalValue("dates") {
                let text = try spelled.string()
                guard let known = WallClockDates(rawValue: text) else {
                    throw spelled.error(
                        "unknown date order \(text.rulesQuoted()): use \(WallClockDates.allCases.map { $0.rawValue.rulesQuoted() }.joined(separator: ", "))")
                }
                dates = known
            }
            try object.rejectUnknownKeys()
        }
        var columns: [String] = []
        for element in elements {
            let column = try element.string().lowercased()
            if !column.isEmpty {
                guard Self.knownColumns.contains(column) else {
                    throw element.error(
                        "\(column.rulesQuoted()) is not a column of the Asterisk CDR; use \"\" for a column CallMeter should not read")
                }
                guard !columns.contains(column) else { throw element.error("\(column.rulesQuoted()) is named twice") }
            }
            columns.append(column)
        }
        let missing = AsteriskCDRTableColumns.required.filter { !columns.contains($0) }
        guard missing.isEmpty else {
            throw value.error("a layout needs the columns \(missing.joined(separator: ", ")) (missing)")
        }
        guard columns.contains("calldate") || columns.contains("start") else {
            throw value.error("a layout needs calldate, or start (with answer and end)")
        }
        self.init(name: name, columns: columns, dates: dates)
    }
}

/// The order of the date in a wall-clock time; the time of day is always `H:MM:SS`.
package enum WallClockDates: String, Sendable, CaseIterable {
    /// `2017-09-01 16:33:01`, as Asterisk writes it.
    case isoYearMonthDay = "YYYY-MM-DD"
    /// `1/9/2017 16:33:01`: a European spreadsheet's re-save.
    case dayMonthYear = "D/M/YYYY"
    /// `9/1/2017 16:33:01`: an American spreadsheet's re-save.
    case monthDayYear = "M/D/YYYY"
}

/// The columns of the Asterisk CDR table: required to read a leg, or known and ignored.
enum AsteriskCDRTableColumns {
    static let required = ["dst", "channel", "dstchannel", "duration", "billsec", "disposition"]
    static let optional = [
        "calldate", "start", "answer", "end", "src", "clid", "dcontext", "lastapp", "lastdata", "amaflags", "accountcode",
        "uniqueid", "userfield", "peeraccount", "linkedid", "sequence",
        // Columns PBXware and FreePBX add; nothing CallMeter keeps.
        "acctid", "tenant", "billamount", "agiuniqueid", "trunk", "did", "sipcallid", "inboundsipcallid", "recordingfile",
        "cnum", "cnam", "outbound_cnum", "outbound_cnam", "dst_cnam",
    ]
}
