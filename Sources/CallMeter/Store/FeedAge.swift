extension Store {
    /// When the last routing feed was generated (Unix seconds, UTC), or nil when there is no feed
    /// yet — or no feed table at all: the routing feed (issue "routing weights and the ACD feed")
    /// is not part of every build.
    ///
    /// TODO(issue 6): the table and column are those of the routing branch as it is being written
    /// (`weight_feeds.generated_at`); check them at the merge.
    public func lastFeedGeneratedAt() throws -> Int64? {
        let hasColumn = try connection.scalarInt(
            "SELECT count(*) FROM pragma_table_info(?) WHERE name = ?", [.text("weight_feeds"), .text("generated_at")])
        guard let hasColumn, hasColumn > 0 else { return nil }
        return try connection.scalarInt("SELECT max(generated_at) FROM weight_feeds")
    }
}
