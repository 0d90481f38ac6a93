/// The keyed digest of all of a row's fields, separated by 0x1F: the same row sent again (in an
/// overlapping Asterisk CDR or queue_log file) is found by it, without its content being stored in
/// clear. Keeps its buffer between rows.
struct RowFingerprint {
    private var buffer: [UInt8] = []

    mutating func digest(of row: CSVReader, with pseudonymizer: CallerPseudonymizer) -> Pseudonym {
        buffer.removeAll(keepingCapacity: true)
        for i in 0..<row.fieldCount {
            buffer.append(contentsOf: row.field(i))
            buffer.append(0x1F)
        }
        return buffer.withUnsafeBufferPointer { pseudonymizer.digest($0) }
    }
}
