import Foundation

/// Why the reader could not split a record into fields cleanly.
package enum CSVRecordProblem: Equatable, Sendable {
    /// The file ended inside a quoted field; the offset is where the field's opening quote is.
    case unterminatedQuote(offset: Int)
    /// A `"` inside a field that did not start with one (strict dialect only).
    case quoteInUnquotedField(offset: Int)
    /// Something other than a delimiter or line end after a closing quote (strict dialect only).
    case textAfterClosingQuote(offset: Int)
    /// The record is longer than the reader's limit; the rest of it was skipped.
    case tooLong(limit: Int)

    package var offset: Int {
        switch self {
        case .unterminatedQuote(let o), .quoteInUnquotedField(let o), .textAfterClosingQuote(let o): o
        case .tooLong: 0
        }
    }

    package var reason: String {
        switch self {
        case .unterminatedQuote: "unterminated quoted field (the file ends inside quotes)"
        case .quoteInUnquotedField: "a quote inside a field that is not quoted (quote the whole field and double the quote)"
        case .textAfterClosingQuote: "text after a closing quote (a quote inside a quoted field must be doubled)"
        case .tooLong(let limit): "row longer than \(limit / (1 << 20)) MiB"
        }
    }
}

/// How a file separates and quotes its fields.
package struct CSVDialect: Sendable {
    package var delimiter: UInt8
    /// Strict: RFC 4180 quoting errors are problems. Lenient: a stray quote is taken as text (real PBX
    /// files write `"a "b" c"`).
    package var strictQuotes: Bool
    package var quote: UInt8?

    package static let rfc4180 = CSVDialect(delimiter: UInt8(ascii: ","), strictQuotes: true, quote: UInt8(ascii: "\""))

    package init(delimiter: UInt8, strictQuotes: Bool, quote: UInt8? = UInt8(ascii: "\"")) {
        self.delimiter = delimiter
        self.strictQuotes = strictQuotes
        self.quote = quote
    }
}

/// A streaming RFC 4180 reader over a file descriptor or bytes.
///
/// Memory stays bounded by the longest record plus one read chunk: fields are views into the read
/// buffer, valid until the next call to `next()`. Line numbers count physical lines, so a quoted
/// field with a newline moves the next record's line on. A UTF-8 byte order mark at the start is
/// skipped. Empty lines are skipped.
package final class CSVReader {
    package static let defaultMaxRecordBytes = 4 << 20

    private let fd: Int32
    private let ownsDescriptor: Bool
    private let dialect: CSVDialect
    private let chunkSize: Int
    private let maxRecordBytes: Int

    @exclusivity(unchecked) private var buffer: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var capacity: Int
    @exclusivity(unchecked) private var count = 0
    @exclusivity(unchecked) private var pos = 0
    @exclusivity(unchecked) private var eof = false
    @exclusivity(unchecked) private var startedFile = false
    @exclusivity(unchecked) private var skipLineFeed = false

    /// Where the current record starts in `buffer`.
    @exclusivity(unchecked) private var recordStart = 0
    @exclusivity(unchecked) private var rawLength = 0

    // Fields of the current record: start and end offsets relative to `recordStart`, or into
    // `scratch` when the field needed unescaping (marked by `fieldInScratch`).
    @exclusivity(unchecked) private var fieldStarts: [Int] = []
    @exclusivity(unchecked) private var fieldEnds: [Int] = []
    @exclusivity(unchecked) private var fieldRawStarts: [Int] = []
    @exclusivity(unchecked) private var fieldInScratch: [Bool] = []
    @exclusivity(unchecked) private var scratch: [UInt8] = []

    /// 1-based physical line on which the current record starts.
    @exclusivity(unchecked) package private(set) var recordLine = 0
    @exclusivity(unchecked) private var nextLine = 1
    @exclusivity(unchecked) package private(set) var problem: CSVRecordProblem?
    /// Bytes consumed from the source so far (for progress).
    @exclusivity(unchecked) package private(set) var bytesConsumed: Int64 = 0

    package init(path: String, dialect: CSVDialect = .rfc4180, chunkSize: Int = 1 << 20, maxRecordBytes: Int = CSVReader.defaultMaxRecordBytes) throws(IngestFileError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw IngestFileError.unreadable(path: path, reason: String(cString: strerror(errno))) }
        self.fd = fd
        self.ownsDescriptor = true
        self.dialect = dialect
        self.chunkSize = max(chunkSize, 16)
        self.maxRecordBytes = maxRecordBytes
        self.capacity = self.chunkSize * 2
        self.buffer = .allocate(capacity: capacity)
    }

    /// Reads from bytes in memory (tests, small inputs).
    package init(bytes: [UInt8], dialect: CSVDialect = .rfc4180, maxRecordBytes: Int = CSVReader.defaultMaxRecordBytes) {
        self.fd = -1
        self.ownsDescriptor = false
        self.dialect = dialect
        self.chunkSize = max(bytes.count, 16)
        self.maxRecordBytes = maxRecordBytes
        self.capacity = max(bytes.count, 16)
        self.buffer = .allocate(capacity: capacity)
        bytes.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { buffer.update(from: base, count: source.count) }
        }
        self.count = bytes.count
        self.eof = true
    }

    deinit {
        buffer.deallocate()
        if ownsDescriptor { close(fd) }
    }

    package var fieldCount: Int { fieldStarts.count }

    /// The bytes of field `index` of the current record; valid until the next `next()`.
    package func field(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        guard index >= 0, index < fieldStarts.count else { return UnsafeBufferPointer(start: nil, count: 0) }
        let start = fieldStarts[index], end = fieldEnds[index]
        if fieldInScratch[index] {
            return scratch.withUnsafeBufferPointer { UnsafeBufferPointer(rebasing: $0[start..<end]) }
        }
        return UnsafeBufferPointer(start: buffer + recordStart + start, count: end - start)
    }

    /// Offset of field `index`'s first raw byte (its opening quote, if any) from the record start.
    package func fieldRawOffset(_ index: Int) -> Int {
        guard index >= 0, index < fieldRawStarts.count else { return rawLength }
        return fieldRawStarts[index]
    }

    /// The record as it stood in the file (up to the limit when it was too long), without its line end.
    package var rawRecord: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: buffer + recordStart, count: rawLength)
    }

    /// Line and column (1-based, columns count characters) of a byte offset inside the current record.
    package func position(ofRawOffset offset: Int) -> (line: Int, column: Int) {
        Self.position(in: rawRecord, firstLine: recordLine, offset: offset)
    }

    /// Line and column of a byte offset inside a raw record that starts on `firstLine`.
    static func position(in raw: UnsafeBufferPointer<UInt8>, firstLine: Int, offset: Int) -> (line: Int, column: Int) {
        let end = min(max(offset, 0), raw.count)
        var line = firstLine
        var column = 1
        var index = 0
        while index < end {
            let byte = raw[index]
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                // Continuation bytes belong to the character their lead byte started.
                column += 1
            }
            index += 1
        }
        return (line, column)
    }

    /// Advances to the next non-empty record. Returns false at the end of the input.
    package func next() throws(IngestFileError) -> Bool {
        while true {
            guard try readRecord() else { return false }
            if fieldStarts.count == 1 && rawLength == 0 && problem == nil { continue }
            return true
        }
    }

    private enum State { case fieldStart, unquoted, quoted, afterQuote, skipping }

    private func readRecord() throws(IngestFileError) -> Bool {
        fieldStarts.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        fieldRawStarts.removeAll(keepingCapacity: true)
        fieldInScratch.removeAll(keepingCapacity: true)
        scratch.removeAll(keepingCapacity: true)
        problem = nil
        recordStart = pos

        if !startedFile {
            startedFile = true
            try fill(minimum: 3)
            if count - pos >= 3, buffer[pos] == 0xEF, buffer[pos + 1] == 0xBB, buffer[pos + 2] == 0xBF {
                pos += 3
            }
        }
        if skipLineFeed {
            skipLineFeed = false
            if pos == count { try fill(minimum: 1) }
            if pos < count, buffer[pos] == UInt8(ascii: "\n") { pos += 1 }
        }
        if pos == count { try fill(minimum: 1) }
        if pos == count && eof { return false }

        recordStart = pos
        recordLine = nextLine
        var state = State.fieldStart
        var fieldStart = 0          // relative to recordStart
        var fieldRawStart = 0
        var fieldHasEscapes = false
        var skipQuoted = false
        let delimiter = dialect.delimiter
        let quote = dialect.quote
        let lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")

        func endField(at end: Int) {
            if fieldHasEscapes, let quote {
                let begin = scratch.count
                var i = recordStart + fieldStart
                let stop = recordStart + end
                while i < stop {
                    let b = buffer[i]
                    scratch.append(b)
                    i += (b == quote && i + 1 < stop && buffer[i + 1] == quote) ? 2 : 1
                }
                fieldStarts.append(begin)
                fieldEnds.append(scratch.count)
                fieldInScratch.append(true)
            } else {
                fieldStarts.append(fieldStart)
                fieldEnds.append(end)
                fieldInScratch.append(false)
            }
            fieldRawStarts.append(fieldRawStart)
            fieldHasEscapes = false
        }

        while true {
            if pos == count {
                if !eof {
                    try refill(skipping: state == .skipping)
                    continue
                }
                // End of input ends the record.
                rawLength = state == .skipping ? min(pos - recordStart, rawPrefixKept) : pos - recordStart
                switch state {
                case .fieldStart:
                    fieldRawStart = pos - recordStart
                    fieldStart = fieldRawStart
                    endField(at: fieldStart)
                case .unquoted, .afterQuote:
                    endField(at: state == .afterQuote ? pos - recordStart - 1 : pos - recordStart)
                case .quoted:
                    problem = problem ?? .unterminatedQuote(offset: fieldRawStart)
                    endField(at: pos - recordStart)
                case .skipping:
                    if skipQuoted, problem == nil { problem = .unterminatedQuote(offset: 0) }
                }
                return true
            }
            if pos - recordStart > maxRecordBytes && state != .skipping {
                problem = .tooLong(limit: maxRecordBytes)
                skipQuoted = (state == .quoted)
                state = .skipping
                fieldStarts.removeAll(keepingCapacity: true)
                fieldEnds.removeAll(keepingCapacity: true)
                fieldRawStarts.removeAll(keepingCapacity: true)
                fieldInScratch.removeAll(keepingCapacity: true)
            }
            let byte = buffer[pos]
            switch state {
            case .fieldStart:
                fieldRawStart = pos - recordStart
                if let quote, byte == quote {
                    pos += 1
                    fieldStart = pos - recordStart
                    state = .quoted
                } else {
                    fieldStart = fieldRawStart
                    state = .unquoted
                }
            case .unquoted:
                // Fast scan to the next special byte, no further than one byte past the limit (so
                // that the length check above sees a record that is too long).
                var i = pos
                let q = quote ?? delimiter
                let scanEnd = min(count, recordStart + maxRecordBytes + 1)
                while i < scanEnd {
                    let b = buffer[i]
                    if b == delimiter || b == lf || b == cr || b == q { break }
                    i += 1
                }
                pos = i
                if i == scanEnd { continue }
                let b = buffer[i]
                if b == delimiter {
                    endField(at: pos - recordStart)
                    pos += 1
                    state = .fieldStart
                } else if b == lf || b == cr {
                    endField(at: pos - recordStart)
                    rawLength = pos - recordStart
                    pos += 1
                    nextLine += 1
                    if b == cr { skipLineFeed = true }
                    return true
                } else {
                    // A quote inside an unquoted field.
                    if dialect.strictQuotes, problem == nil {
                        problem = .quoteInUnquotedField(offset: pos - recordStart)
                    }
                    pos += 1
                }
            case .quoted:
                guard let quote else { state = .unquoted; continue }
                var i = pos
                let scanEnd = min(count, recordStart + maxRecordBytes + 1)
                while i < scanEnd {
                    let b = buffer[i]
                    if b == quote { break }
                    if b == lf { nextLine += 1 }
                    i += 1
                }
                pos = i
                if i == scanEnd { continue }
                // A quote: doubled (escape) or closing. Look one byte ahead.
                if pos + 1 == count && !eof {
                    try refill(skipping: false)
                    continue
                }
                if pos + 1 < count && buffer[pos + 1] == quote {
                    fieldHasEscapes = true
                    pos += 2
                } else {
                    pos += 1
                    state = .afterQuote
                }
            case .afterQuote:
                if byte == delimiter {
                    endField(at: pos - recordStart - 1)
                    pos += 1
                    state = .fieldStart
                } else if byte == lf || byte == cr {
                    endField(at: pos - recordStart - 1)
                    rawLength = pos - recordStart
                    pos += 1
                    nextLine += 1
                    if byte == cr { skipLineFeed = true }
                    return true
                } else if dialect.strictQuotes {
                    if problem == nil { problem = .textAfterClosingQuote(offset: pos - recordStart) }
                    state = .unquoted
                } else {
                    // Lenient: the "quoted" field was really text with quotes in it; take it raw.
                    fieldStart = fieldRawStart
                    fieldHasEscapes = false
                    state = .unquoted
                }
            case .skipping:
                // Too long: find the record's end without keeping its bytes.
                let b = byte
                if let quote, b == quote {
                    skipQuoted.toggle()
                } else if b == lf {
                    nextLine += 1
                    if !skipQuoted {
                        rawLength = min(pos - recordStart, rawPrefixKept)
                        pos += 1
                        return true
                    }
                } else if b == cr, !skipQuoted {
                    rawLength = min(pos - recordStart, rawPrefixKept)
                    pos += 1
                    skipLineFeed = true
                    nextLine += 1
                    return true
                }
                pos += 1
            }
        }
    }

    /// How much of a too-long record is kept for the reject's raw text.
    private let rawPrefixKept = 64 << 10

    /// Makes room and reads more input, keeping the current record's bytes (or, for a record being
    /// skipped, only its first `rawPrefixKept` bytes).
    private func refill(skipping: Bool) throws(IngestFileError) {
        var keepFrom = recordStart
        if skipping {
            // Drop everything of the too-long record except its prefix.
            let prefixEnd = recordStart + min(rawPrefixKept, pos - recordStart)
            let dropped = pos - prefixEnd
            if dropped > 0 {
                count = prefixEnd
                pos = prefixEnd
            }
            keepFrom = recordStart
        }
        let kept = count - keepFrom
        if keepFrom > 0 {
            if kept > 0 { buffer.update(from: buffer + keepFrom, count: kept) }
            pos -= keepFrom
            recordStart -= keepFrom
            count = kept
        }
        if capacity - count < chunkSize {
            let newCapacity = max(capacity * 2, count + chunkSize)
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            grown.update(from: buffer, count: count)
            buffer.deallocate()
            buffer = grown
            capacity = newCapacity
        }
        try readMore()
    }

    private func fill(minimum: Int) throws(IngestFileError) {
        while count - pos < minimum && !eof {
            if recordStart == 0 && pos == 0 && count == 0 {
                try readMore()
            } else {
                try refill(skipping: false)
            }
        }
    }

    private func readMore() throws(IngestFileError) {
        guard !eof, fd >= 0 else { eof = true; return }
        while true {
            let n = read(fd, buffer + count, capacity - count)
            if n < 0 {
                if errno == EINTR { continue }
                throw IngestFileError.readFailed(reason: String(cString: strerror(errno)))
            }
            if n == 0 { eof = true }
            count += n
            bytesConsumed += Int64(n)
            return
        }
    }
}
