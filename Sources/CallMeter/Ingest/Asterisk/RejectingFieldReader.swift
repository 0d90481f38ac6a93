/// A row's fields as trimmed bytes, each problem a rejection that names the column: the Asterisk
/// CDR and queue_log readers, which share how a kept text field is checked.
protocol RejectingFieldReader {
    func value(_ column: Int?) -> UnsafeBufferPointer<UInt8>
    func reject(_ column: Int?, _ reason: String) -> RowImportError
}

extension RejectingFieldReader {
    /// A field CallMeter keeps: UTF-8, at most `maxBytes`; nil when empty.
    func text(_ column: Int?, maxBytes: Int) throws(RowImportError) -> String? {
        let value = value(column)
        if value.isEmpty { return nil }
        if firstInvalidUTF8Offset(value) != nil { throw reject(column, "not valid UTF-8") }
        if value.count > maxBytes { throw reject(column, "longer than \(maxBytes) bytes") }
        return value.string
    }
}
