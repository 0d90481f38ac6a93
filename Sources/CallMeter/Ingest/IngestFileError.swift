/// Why a whole file could not be ingested. Nothing of that file is stored.
public enum IngestFileError: Error, CustomStringConvertible, Sendable, Equatable {
    case unreadable(path: String, reason: String)
    case readFailed(reason: String)
    case empty
    case header(line: Int, column: Int, reason: String)
    /// A row shows that the file cannot be read as asked (a 17-column `Master.csv` row without
    /// `--columns`, for example).
    case layout(line: Int, column: Int, reason: String)
    case formatNotForKind(format: String, kind: String)
    /// Most rows are not UTF-8 but read as Windows-1252 (Latin-1): the file's encoding is wrong,
    /// not its rows; one error instead of a reject per row.
    case windows1252(rows: Int, of: Int)

    /// Why the file was not ingested.
    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
        case .readFailed(let reason): "read failed: \(reason)"
        case .empty: "the file is empty (a header row is required)"
        case .header(let line, let column, let reason), .layout(let line, let column, let reason): "\(line):\(column): \(reason)"
        case .formatNotForKind(let format, let kind): "--format \(format) is for call records (cdr), not \(kind)"
        case .windows1252(let rows, let total):
            "the file is not UTF-8: \(rows) of its \(total) rows are not valid UTF-8 but are valid Windows-1252 (Latin-1), "
                + "as a spreadsheet on Windows saves CSV; convert it with `iconv -f WINDOWS-1252 -t UTF-8 FILE > FILE.utf8.csv` "
                + "and ingest the converted file"
        }
    }
}
