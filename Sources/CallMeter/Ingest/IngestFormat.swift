/// The layouts `callmeter ingest cdr --format` reads. Ratings and the agent directory are native only.
public enum IngestFormat: String, Sendable, CaseIterable {
    /// CallMeter's own CSV: a header row, one row per call (see the README).
    case native
    /// Asterisk `cdr_csv` output (`Master.csv`): no header, 16, 17, 18 or 21 columns, one row per leg.
    case asteriskCSV = "asterisk-csv"
    /// The Asterisk CDR database table exported as CSV with a header (`cdr_mysql`, `cdr_adaptive_odbc`,
    /// FreePBX `asteriskcdrdb.cdr`, PBXware `cdr`): columns by name, `NULL` for empty, one row per leg.
    case asteriskCDRTable = "asterisk-cdr-table"
    /// Asterisk `queue_log`: the raw `epoch|callid|queue|agent|EVENT|data…` file, the realtime table
    /// exported as CSV (`time,callid,queuename,agent,event,data1..data5`), or PBXware's queue_log table.
    case asteriskQueueLog = "asterisk-queue-log"
    /// FreeSWITCH `mod_cdr_csv` with its default ("example") template: no header, 15 quoted
    /// columns, one row per leg (see `FreeSWITCHColumns`).
    case freeswitchCSV = "freeswitch-csv"

    /// A PBX's own format (Asterisk or FreeSWITCH): its times are wall-clock, read in `--timezone`.
    package var isAsterisk: Bool { self != .native }

    /// Read with `Rules/asterisk.json` (FreeSWITCH has `Rules/freeswitch.json`).
    package var readsAsteriskRules: Bool { isAsterisk && self != .freeswitchCSV }
}

/// A 17-column `Master.csv` row has either the uniqueid or the userfield after `amaflags`
/// (`cdr_csv.conf` `loguniqueid` / `loguserfield`): the file cannot say which.
public enum AsteriskSeventeenthColumn: String, Sendable, CaseIterable {
    case uniqueid, userfield
}
