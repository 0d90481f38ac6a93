extension Console {
    /// A listing of `items`: `title` (if any) and one table row each under `columns`, or the line
    /// `empty` when there are none (a listing never prints a bare header). Returns whether there
    /// were items, for the summary line that follows a table.
    @discardableResult
    func printListing<Item>(
        _ items: [Item], empty: String, title: String? = nil, columns: [(String, TextTable.Alignment)], row: (Item) -> [String]
    ) -> Bool {
        guard !items.isEmpty else {
            print(empty)
            return false
        }
        if let title { print(title) }
        print(TextTable(columns, rows: items.map(row)).render())
        return true
    }
}
