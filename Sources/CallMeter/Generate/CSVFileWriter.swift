import Foundation

/// Writes one CSV file (RFC 4180, UTF-8, LF line ends) through a buffer of about 1 MiB to `NAME.tmp`,
/// and renames it to `NAME` in `publish()`: a reader never sees half a file, and memory does not grow
/// with the number of rows.
///
/// Rows are built from bytes (`appendInt`, `appendTimestamp`, …) without a `String` per field. A
/// noncopyable struct rather than a class: it owns the file descriptor, and appends to its buffer need no
/// dynamic exclusivity checks. A writer dropped without `publish()` (say, when an error is thrown) removes
/// its temporary file. No `fsync`: the output is regenerable, and the rename alone is what keeps readers
/// from seeing a partial file.
struct CSVFileWriter: ~Copyable {
    static let flushThreshold = 1 << 20

    let finalPath: String
    let temporaryPath: String
    private(set) var rows = 0
    private var buffer: [UInt8] = []
    private var descriptor: Int32

    init(directory: URL, name: String) throws(GeneratorError) {
        finalPath = directory.appendingPathComponent(name).path
        temporaryPath = finalPath + ".tmp"
        descriptor = open(temporaryPath, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw .fileSystem("create", path: temporaryPath, reason: Self.lastErrorText())
        }
        buffer.reserveCapacity(Self.flushThreshold + 64 * 1024)
    }

    deinit {
        if descriptor >= 0 {
            close(descriptor)
            unlink(temporaryPath)
        }
    }

    // MARK: Fields

    mutating func appendByte(_ byte: UInt8) {
        buffer.append(byte)
    }

    mutating func appendASCII(_ text: StaticString) {
        text.withUTF8Buffer { buffer.append(contentsOf: $0) }
    }

    mutating func appendBytes(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
    }

    mutating func comma() {
        buffer.append(UInt8(ascii: ","))
    }

    /// A text field, quoted only when it contains a comma, a quote or a line break (quotes doubled).
    mutating func appendField(_ text: String) {
        let utf8 = text.utf8
        let needsQuotes = utf8.contains { byte in
            byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\n")
                || byte == UInt8(ascii: "\r")
        }
        guard needsQuotes else {
            buffer.append(contentsOf: utf8)
            return
        }
        buffer.append(UInt8(ascii: "\""))
        for byte in utf8 {
            if byte == UInt8(ascii: "\"") { buffer.append(byte) }
            buffer.append(byte)
        }
        buffer.append(UInt8(ascii: "\""))
    }

    /// A decimal integer (a leading `-` when negative).
    mutating func appendInt(_ value: Int) {
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        appendDigits(value.magnitude, count: Self.digitCount(value.magnitude))
    }

    /// A non-negative integer with leading zeros to `width` digits (more digits if it needs them).
    mutating func appendPadded(_ value: Int, width: Int) {
        appendDigits(value.magnitude, count: max(Self.digitCount(value.magnitude), width))
    }

    /// How many decimal digits `value` has (1 for zero).
    private static func digitCount(_ value: UInt) -> Int {
        var digits = 1
        var rest = value / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        return digits
    }

    private mutating func appendDigits(_ value: UInt, count: Int) {
        let start = buffer.count
        buffer.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: count))
        var rest = value
        var index = start + count - 1
        while rest > 0 {
            buffer[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
            index -= 1
        }
    }

    /// `YYYY-MM-DD` of a day counted from 1970-01-01.
    mutating func appendDate(days: Int) {
        let date = CivilCalendar.date(fromDays: days)
        appendPadded(date.year, width: 4)
        buffer.append(UInt8(ascii: "-"))
        appendPadded(date.month, width: 2)
        buffer.append(UInt8(ascii: "-"))
        appendPadded(date.day, width: 2)
    }

    /// ISO 8601 UTC, `YYYY-MM-DDTHH:MM:SSZ`, of epoch seconds.
    mutating func appendTimestamp(_ epochSeconds: Int) {
        let (days, second) = CivilCalendar.split(epochSeconds: epochSeconds)
        appendDate(days: days)
        buffer.append(UInt8(ascii: "T"))
        appendPadded(second / 3_600, width: 2)
        buffer.append(UInt8(ascii: ":"))
        appendPadded(second / 60 % 60, width: 2)
        buffer.append(UInt8(ascii: ":"))
        appendPadded(second % 60, width: 2)
        buffer.append(UInt8(ascii: "Z"))
    }

    // MARK: Rows and files

    /// Ends the row with LF; writes the buffer out once it holds 1 MiB.
    mutating func endRow() throws(GeneratorError) {
        buffer.append(UInt8(ascii: "\n"))
        rows += 1
        if buffer.count >= Self.flushThreshold {
            try flush()
        }
    }

    /// Writes a header row (not counted in `rows`).
    mutating func header(_ line: StaticString) throws(GeneratorError) {
        appendASCII(line)
        buffer.append(UInt8(ascii: "\n"))
        try flush()
    }

    mutating func flush() throws(GeneratorError) {
        guard descriptor >= 0 else {
            throw .fileSystem("write", path: temporaryPath, reason: "file already closed")
        }
        var failure: Int32 = 0
        buffer.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count, let base = bytes.baseAddress {
                let written = write(descriptor, base + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        buffer.removeAll(keepingCapacity: true)
        if failure != 0 {
            throw .fileSystem("write", path: temporaryPath, reason: Self.errorText(failure))
        }
    }

    /// Flushes, closes and renames `NAME.tmp` to `NAME`, replacing an older `NAME`.
    /// Returns the URL of `NAME`.
    consuming func publish() throws(GeneratorError) -> URL {
        try flush()
        let result = close(descriptor)
        descriptor = -1
        if result != 0 {
            let reason = Self.lastErrorText()
            unlink(temporaryPath)
            throw .fileSystem("close", path: temporaryPath, reason: reason)
        }
        guard rename(temporaryPath, finalPath) == 0 else {
            let reason = Self.lastErrorText()
            unlink(temporaryPath)
            throw .fileSystem("rename to \(finalPath)", path: temporaryPath, reason: reason)
        }
        return URL(fileURLWithPath: finalPath)
    }

    private static func lastErrorText() -> String {
        errorText(errno)
    }

    private static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
