/// A connected call as payroll prices it: who took it, on which hotline, when, and for how long.
struct PricedCall {
    /// The row id in `calls`.
    var key: Int64
    var agent: Int64
    var hotline: Int64
    /// Unix seconds.
    var startedAt: Int64
    var talk: Int64, hold: Int64, wrap: Int64

    /// The positions of a query's `id`, `agent`, `hotline`, `started_at`, `talk_seconds`,
    /// `hold_seconds` and `wrap_seconds` columns, resolved by name once before a scan of many rows.
    struct Columns {
        let statement: Statement
        let key, agent, hotline, startedAt, talk, hold, wrap: Int32

        init(_ statement: Statement) throws(SQLiteError) {
            self.statement = statement
            key = try statement.columnIndex("id")
            agent = try statement.columnIndex("agent")
            hotline = try statement.columnIndex("hotline")
            startedAt = try statement.columnIndex("started_at")
            talk = try statement.columnIndex("talk_seconds")
            hold = try statement.columnIndex("hold_seconds")
            wrap = try statement.columnIndex("wrap_seconds")
        }

        /// The call of the statement's current row.
        func read() -> PricedCall {
            PricedCall(key: statement.int64(key), agent: statement.int64(agent), hotline: statement.int64(hotline),
                       startedAt: statement.int64(startedAt), talk: statement.int64(talk), hold: statement.int64(hold),
                       wrap: statement.int64(wrap))
        }
    }
}
