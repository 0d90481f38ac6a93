/// Why the store could not be opened or used, beyond a plain SQLite error.
public enum StoreError: Error, CustomStringConvertible, Sendable {
    case newerSchema(found: Int, supported: Int)
    case missingDatabase(path: String)
    case missingKey(path: String)
    case badKey(path: String, reason: String)

    public var description: String {
        switch self {
        case .newerSchema(let found, let supported):
            "the database has schema version \(found), this callmeter knows up to \(supported): use a newer callmeter"
        case .missingDatabase(let path):
            "no database at \(path): run 'callmeter init' first"
        case .missingKey(let path):
            "the caller-pseudonym key \(path) is missing: caller numbers cannot be pseudonymised consistently; restore it from backup"
        case .badKey(let path, let reason):
            "the caller-pseudonym key \(path) is unusable: \(reason)"
        }
    }
}
