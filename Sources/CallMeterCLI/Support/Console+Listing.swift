extension Console {
    /// A listing of `items`: one table row each under `columns`, or the line `empty` when there
    /// are none (a listing never prints a bare header). Returns whether there were items, for the
    /// summary line that follows a table.
    func printListing<Item>(
        _ items: [Item], empty: String, columns: [(String, TextTable.Alignment)], row: (Item) -> [String]
    ) -> Bool {
        guard !items.isEmpty else {
            print(empty)
            return false
        }
        print(TextTable(columns, rows: items.map(row)).render())
        return true
    }
}
