/// Why the store could not be opened or used, beyond a plain SQLite error.
public enum StoreError: Error, CustomStringConvertible, Sendable {
    case newerSchema(found: Int, supported: Int)
    case missingDatabase(path: String)
    case missingKey(path: String)
    case badKey(path: String, reason: String)
    /// The key is not the one the database's pseudonyms were made with.
    case keyMismatch(path: String, database: String)
    /// The key file may be read or written by group or others; `mode` is its permission bits.
    case exposedKey(path: String, mode: UInt32)
    /// A migration step that rebuilds a table left a row pointing nowhere; it was rolled back.
    case migrationBrokeForeignKeys(version: Int)

    /// What is wrong with the database or its key, and what to do.
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
        case .keyMismatch(let path, let database):
            "the caller-pseudonym key \(path) is not the key of the database \(database) (its fingerprint differs from the one"
                + " recorded in the database): callers would get other pseudonyms and every repeat-caller link would break, so"
                + " nothing was done. Put the database's own key back at \(path): 'callmeter backup FILE' copies it beside each"
                + " backup as FILE.key; or restore a backup together with its key ('callmeter restore FILE')"
        case .exposedKey(let path, let mode):
            "the caller-pseudonym key \(path) has mode 0\(String(mode, radix: 8)): group or others may read or change it"
                + " (whoever reads it can test phone numbers against the stored pseudonyms), so it is not used."
                + " Run 'chmod 600 \(path)'; if others may have copied it, treat it as disclosed"
        case .migrationBrokeForeignKeys(let version):
            "upgrading the database to schema version \(version) would leave rows pointing to nothing, so nothing was"
                + " changed: run 'callmeter check' with the previous callmeter and report what it finds"
        }
    }
}
