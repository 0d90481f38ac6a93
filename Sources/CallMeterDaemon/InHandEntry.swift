/// A file the daemon has taken and not yet finished with (archived, moved to `failed/`, or left
/// without anything stored), as written in the in-hand journal.
struct InHandEntry: Equatable {
    /// Where a taken file goes once that is chosen: `archive/YYYY-MM-DD` or `failed`, and its name
    /// there.
    struct Destination: Equatable {
        let folder: String
        let name: String

        /// `archive/2026-10-31/cdr.csv`, for messages.
        var path: String { folder + "/" + name }
    }

    var kind: String
    var name: String
    var identity: FileIdentity
    /// The largest batch id before the take: a batch above it holding the file's bytes was made by
    /// this take (the file was ingested, not a duplicate), even if the daemon died right after.
    var lastBatchBefore: Int64
    /// Once chosen: where the file goes. Notes found there without the file were written by this take.
    var destination: Destination?

    init(kind: String, name: String, identity: FileIdentity, lastBatchBefore: Int64, destination: Destination? = nil) {
        self.kind = kind
        self.name = name
        self.identity = identity
        self.lastBatchBefore = lastBatchBefore
        self.destination = destination
    }

    func isEntry(of candidate: InboxCandidate) -> Bool {
        kind == candidate.kind.folder && name == candidate.name && identity == candidate.status.identity
    }
}

/// The journal's entries are flat JSON objects (`device`, `inode`, `destinationFolder`,
/// `destinationName` beside the others), as since the journal's first version: a journal left by
/// an older daemon still reads.
extension InHandEntry: Codable {
    private enum Key: String, CodingKey {
        case kind, name, device, inode, lastBatchBefore, destinationFolder, destinationName
    }

    init(from decoder: any Decoder) throws {
        let fields = try decoder.container(keyedBy: Key.self)
        let identity = FileIdentity(device: try fields.decode(UInt64.self, forKey: .device), inode: try fields.decode(UInt64.self, forKey: .inode))
        let folder = try fields.decodeIfPresent(String.self, forKey: .destinationFolder)
        let name = try fields.decodeIfPresent(String.self, forKey: .destinationName)
        self.init(
            kind: try fields.decode(String.self, forKey: .kind), name: try fields.decode(String.self, forKey: .name), identity: identity,
            lastBatchBefore: try fields.decode(Int64.self, forKey: .lastBatchBefore),
            destination: folder.flatMap { folder in name.map { Destination(folder: folder, name: $0) } })
    }

    func encode(to encoder: any Encoder) throws {
        var fields = encoder.container(keyedBy: Key.self)
        try fields.encode(kind, forKey: .kind)
        try fields.encode(name, forKey: .name)
        try fields.encode(identity.device, forKey: .device)
        try fields.encode(identity.inode, forKey: .inode)
        try fields.encode(lastBatchBefore, forKey: .lastBatchBefore)
        try fields.encodeIfPresent(destination?.folder, forKey: .destinationFolder)
        try fields.encodeIfPresent(destination?.name, forKey: .destinationName)
    }
}
