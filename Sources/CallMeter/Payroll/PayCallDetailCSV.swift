/// Renders the per-call detail of a period as CSV (`payroll PERIOD --calls --export FILE`), in the
/// dialects and with the formula guard of the payroll export (`PayrollCSV`).
///
/// There is no amount column: a pay line's amount is its billable seconds × rate / 60 rounded once,
/// and amounts of single calls rounded each would not add up to it. The `billable_seconds` of the
/// rows of a line add up exactly to the line's.
package enum PayCallDetailCSV {
    package static let columns = [
        "call_id", "agent_id", "local_start", "hotline", "tier", "rate_per_minute", "talk_seconds", "hold_seconds",
        "wrap_seconds", "paid_seconds", "billable_seconds", "line", "adjustment_of", "unpaid_reason",
    ]

    package static func render(_ rows: [PayCallDetail], places: Int, dialect: ExportDialect) -> [UInt8] {
        var out = dialect.byteOrderMark
        out.reserveCapacity(96 * (rows.count + 1))
        PayrollCSV.append(row: columns.map(PayrollCSV.Cell.text), to: &out, dialect: dialect)
        let separator = dialect.decimalSeparator
        for row in rows {
            PayrollCSV.append(row: [
                .text(row.callID), .text(row.agentID), .text(row.localStart), .text(row.hotline), .text(row.tier),
                .number(row.perMinute.map { $0.formatted(minimumPlaces: places, decimalSeparator: separator) } ?? ""),
                .number(String(row.talkSeconds)), .number(String(row.holdSeconds)), .number(String(row.wrapSeconds)),
                .number(String(row.paidSeconds)), .number(String(row.billableSeconds)), .number(row.line.map(String.init) ?? ""),
                .text(row.adjustmentOf ?? ""), .text(row.unpaidReason ?? ""),
            ], to: &out, dialect: dialect)
        }
        return out
    }
}
