/// Reads standard JSON plus `//` and `/* */` comments, which people editing rule files by hand
/// expect to be able to write.
///
/// Deliberately strict otherwise: no trailing commas, no single quotes, no unquoted keys, no
/// duplicate keys. Each mistake gets its own reason and the line and column where it is, because
/// `JSONDecoder` reports neither.
struct RulesJSONParser {
    /// Containers nested deeper than this are rejected; the parser recurses once per level, and
    /// no rule file needs more than a handful.
    static let maximumDepth = 64

    private let text: String
    private let bytes: [UInt8]
    private let file: String
    private var index = 0
    private var line = 1
    /// Offset of the first byte of the current line.
    private var lineStart = 0
    /// The last position computed on the current line, so that columns are counted
    /// incrementally instead of from the start of the line each time (minified files).
    private var columnMark = (offset: 0, column: 1)

    /// Parses `text` (a whole rule file) into its root value.
    static func parse(_ text: String, file: String) throws(RulesError) -> JSONValue {
        var parser = RulesJSONParser(text: text, file: file)
        return try parser.parseDocument()
    }

    private init(text: String, file: String) {
        self.text = text
        self.bytes = Array(text.utf8)
        self.file = file
    }

    // MARK: Document and values

    private mutating func parseDocument() throws(RulesError) -> JSONValue {
        try skipTrivia()
        guard index < bytes.count else {
            throw error("the file holds no JSON value", at: here())
        }
        let root = try parseValue(depth: 0, path: "")
        try skipTrivia()
        guard index == bytes.count else {
            throw error("unexpected \(describeCurrent()) after the end of the JSON value", at: here())
        }
        return root
    }

    private mutating func parseValue(depth: Int, path: String) throws(RulesError) -> JSONValue {
        let start = here()
        guard index < bytes.count else {
            throw error("unexpected end of input; expected a value", at: start, path: path)
        }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            return try parseObject(depth: depth + 1, path: path)
        case UInt8(ascii: "["):
            return try parseArray(depth: depth + 1, path: path)
        case UInt8(ascii: "\""):
            return JSONValue(.string(try parseString(path: path)), at: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return JSONValue(.number(try parseNumber(path: path)), at: start)
        case let byte where isWordByte(byte):
            return try parseWord(path: path)
        case UInt8(ascii: "'"):
            throw error("strings must be in double quotes, not single quotes", at: start, path: path)
        default:
            throw error("unexpected \(describeCurrent()); expected a value", at: start, path: path)
        }
    }

    private mutating func parseObject(depth: Int, path: String) throws(RulesError) -> JSONValue {
        let open = here()
        try checkDepth(depth, at: open, path: path)
        index += 1
        var members: [JSONMember] = []
        var keyPositions: [String: SourcePosition] = [:]
        var lastComma: SourcePosition?
        while true {
            if try isAtClose(UInt8(ascii: "}"), of: "object", openedAt: open, lastComma: lastComma, path: path) {
                return JSONValue(.object(members), at: open)
            }
            let keyPosition = here()
            guard bytes[index] == UInt8(ascii: "\"") else {
                let reason = isWordByte(bytes[index]) || bytes[index] == UInt8(ascii: "'")
                    ? "keys must be in double quotes"
                    : "unexpected \(describeCurrent()); expected a key in double quotes or '}'"
                throw error(reason, at: keyPosition, path: path)
            }
            let key = try parseString(path: path)
            let memberPath = RuleKeyPath.member(key, of: path)
            if let first = keyPositions[key] {
                throw error("duplicate key \(key.rulesQuoted()); it is already set at \(first.spelledOut)", at: keyPosition, path: memberPath)
            }
            try skipTrivia()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw error("expected ':' after the key \(key.rulesQuoted()), found \(describeCurrent())", at: here(), path: path)
            }
            index += 1
            try skipTrivia()
            let value = try parseValue(depth: depth, path: memberPath)
            members.append(JSONMember(key: key, keyPosition: keyPosition, value: value))
            keyPositions[key] = keyPosition
            try skipSeparator(UInt8(ascii: "}"), after: "the value of \(key.rulesQuoted())", lastComma: &lastComma, path: path)
        }
    }

    private mutating func parseArray(depth: Int, path: String) throws(RulesError) -> JSONValue {
        let open = here()
        try checkDepth(depth, at: open, path: path)
        index += 1
        var elements: [JSONValue] = []
        var lastComma: SourcePosition?
        while true {
            if try isAtClose(UInt8(ascii: "]"), of: "array", openedAt: open, lastComma: lastComma, path: path) {
                return JSONValue(.array(elements), at: open)
            }
            if bytes[index] == UInt8(ascii: ",") {
                throw error("unexpected ','; expected a value", at: here(), path: RuleKeyPath.element(elements.count, of: path))
            }
            elements.append(try parseValue(depth: depth, path: RuleKeyPath.element(elements.count, of: path)))
            try skipSeparator(UInt8(ascii: "]"), after: "an array element", lastComma: &lastComma, path: path)
        }
    }

    /// At the top of an object's or array's loop: skips the trivia before the next entry and tells
    /// whether the container ends here (then consumes `close`). The end of input and a comma right
    /// before `close` are errors naming the container.
    private mutating func isAtClose(
        _ close: UInt8, of container: String, openedAt open: SourcePosition, lastComma: SourcePosition?, path: String
    ) throws(RulesError) -> Bool {
        try skipTrivia()
        guard index < bytes.count else {
            throw error("unexpected end of input; the \(container) opened at \(open.spelledOut) is not closed", at: here(), path: path)
        }
        guard bytes[index] == close else { return false }
        if let lastComma {
            throw error("trailing comma: remove the ',' before '\(Character(Unicode.Scalar(close)))'", at: lastComma, path: path)
        }
        index += 1
        return true
    }

    /// After an entry: skips the trivia and a comma (remembered in `lastComma`, for a trailing comma),
    /// or stops before `close` (left for `isAtClose`); anything else is an error naming what it
    /// follows (`after`). The end of input is left for `isAtClose` to report.
    private mutating func skipSeparator(
        _ close: UInt8, after entry: @autoclosure () -> String, lastComma: inout SourcePosition?, path: String
    ) throws(RulesError) {
        try skipTrivia()
        guard index < bytes.count else { return }
        switch bytes[index] {
        case UInt8(ascii: ","):
            lastComma = here()
            index += 1
        case close:
            lastComma = nil
        default:
            throw error(
                "expected ',' or '\(Character(Unicode.Scalar(close)))' after \(entry()), found \(describeCurrent())", at: here(), path: path)
        }
    }

    private func checkDepth(_ depth: Int, at position: SourcePosition, path: String) throws(RulesError) {
        guard depth <= Self.maximumDepth else {
            throw error("objects and arrays are nested more than \(Self.maximumDepth) levels deep", at: position, path: path)
        }
    }

    // MARK: Strings

    /// Reads a string starting at its opening quote.
    private mutating func parseString(path: String) throws(RulesError) -> String {
        let open = here()
        index += 1
        var utf8: [UInt8] = []
        var runStart = index
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                utf8.append(contentsOf: bytes[runStart..<index])
                index += 1
                // The input is valid UTF-8 and escapes add whole scalars, so nothing is replaced.
                return String(decoding: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                utf8.append(contentsOf: bytes[runStart..<index])
                try parseEscape(into: &utf8, path: path)
                runStart = index
            case UInt8(ascii: "\n"):
                throw error("line break inside a string; close the string with '\"' or write \\n", at: here(), path: path)
            case 0..<0x20:
                throw error("control character U+\(UInt32(byte).hex4) inside a string; write it as an escape such as \\t", at: here(), path: path)
            default:
                index += 1
            }
        }
        throw error("unterminated string; it has no closing '\"'", at: open, path: path)
    }

    /// Reads one escape sequence starting at its backslash.
    private mutating func parseEscape(into utf8: inout [UInt8], path: String) throws(RulesError) {
        let start = here()
        index += 1
        guard index < bytes.count else {
            throw error("unexpected end of input in an escape sequence", at: start, path: path)
        }
        let letter = bytes[index]
        index += 1
        let simple: UInt8? = switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): letter
        case UInt8(ascii: "b"): 0x08
        case UInt8(ascii: "f"): 0x0C
        case UInt8(ascii: "n"): 0x0A
        case UInt8(ascii: "r"): 0x0D
        case UInt8(ascii: "t"): 0x09
        default: nil
        }
        if let simple {
            utf8.append(simple)
            return
        }
        guard letter == UInt8(ascii: "u") else {
            index -= 1
            throw error("invalid escape '\\' followed by \(describeCurrent()); valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX", at: start, path: path)
        }
        let unit = try parseHex4(escapeStart: start, path: path)
        var value = UInt32(unit)
        switch unit {
        case 0xD800...0xDBFF:
            // A scalar above U+FFFF is written as a UTF-16 surrogate pair: \uD83D\uDE00.
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw error("unpaired surrogate \\u\(value.hex4); a \\uDC00-\\uDFFF escape must follow it", at: start, path: path)
            }
            let lowStart = here()
            index += 2
            let low = try parseHex4(escapeStart: lowStart, path: path)
            guard (0xDC00...0xDFFF).contains(low) else {
                throw error("unpaired surrogate \\u\(value.hex4); a \\uDC00-\\uDFFF escape must follow it", at: start, path: path)
            }
            value = 0x10000 + ((value - 0xD800) << 10) + (UInt32(low) - 0xDC00)
        case 0xDC00...0xDFFF:
            throw error("unpaired surrogate \\u\(value.hex4); it must follow a \\uD800-\\uDBFF escape", at: start, path: path)
        default:
            break
        }
        guard let scalar = Unicode.Scalar(value) else {
            throw error("\\u escape does not name a Unicode scalar", at: start, path: path)
        }
        UTF8.encode(scalar) { utf8.append($0) }
    }

    private mutating func parseHex4(escapeStart: SourcePosition, path: String) throws(RulesError) -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            let digit: UInt16? = if index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt16(bytes[index] - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt16(bytes[index] - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt16(bytes[index] - UInt8(ascii: "A") + 10)
                default: nil
                }
            } else {
                nil
            }
            guard let digit else {
                throw error("\\u must be followed by four hex digits", at: escapeStart, path: path)
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    // MARK: Numbers and words

    private mutating func parseNumber(path: String) throws(RulesError) -> JSONNumber {
        let start = index
        let startPosition = here()
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard isDigit(at: index) else {
            throw error("expected a digit after '-', found \(describeCurrent())", at: here(), path: path)
        }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if isDigit(at: index) {
                throw error("numbers cannot start with 0 unless they are 0 or 0.something", at: startPosition, path: path)
            }
        } else {
            skipDigits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard isDigit(at: index) else {
                throw error("expected a digit after '.', found \(describeCurrent())", at: here(), path: path)
            }
            skipDigits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard isDigit(at: index) else {
                throw error("expected a digit in the exponent, found \(describeCurrent())", at: here(), path: path)
            }
            skipDigits()
        }
        return JSONNumber(literal: String(decoding: bytes[start..<index], as: UTF8.self))
    }

    /// `true`, `false` and `null`; any other bare word is most likely a string without quotes.
    private mutating func parseWord(path: String) throws(RulesError) -> JSONValue {
        let start = here()
        let wordStart = index
        while index < bytes.count, isWordByte(bytes[index]) || isDigit(at: index) { index += 1 }
        let word = String(decoding: bytes[wordStart..<index], as: UTF8.self)
        switch word {
        case "true": return JSONValue(.bool(true), at: start)
        case "false": return JSONValue(.bool(false), at: start)
        case "null": return JSONValue(.null, at: start)
        default:
            let lower = word.lowercased()
            let reason = ["true", "false", "null"].contains(lower)
                ? "unexpected word \(word.rulesQuoted()); JSON spells it \(lower)"
                : "unexpected word \(word.rulesQuoted()); text values must be in double quotes"
            throw error(reason, at: start, path: path)
        }
    }

    private func isDigit(at offset: Int) -> Bool {
        offset < bytes.count && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[offset])
    }

    private func isWordByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || byte == UInt8(ascii: "_")
    }

    private mutating func skipDigits() {
        while isDigit(at: index) { index += 1 }
    }

    // MARK: Whitespace and comments

    /// Skips whitespace and comments; the only place where line breaks are consumed, so line
    /// counting lives here.
    private mutating func skipTrivia() throws(RulesError) {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                index += 1
            case UInt8(ascii: "\n"):
                index += 1
                line += 1
                lineStart = index
            case UInt8(ascii: "/"):
                let start = here()
                let next = index + 1 < bytes.count ? bytes[index + 1] : nil
                if next == UInt8(ascii: "/") {
                    while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
                } else if next == UInt8(ascii: "*") {
                    index += 2
                    while true {
                        guard index < bytes.count else {
                            throw error("unterminated comment; '/*' has no closing '*/'", at: start)
                        }
                        if bytes[index] == UInt8(ascii: "*"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "/") {
                            index += 2
                            break
                        }
                        if bytes[index] == UInt8(ascii: "\n") {
                            line += 1
                            lineStart = index + 1
                        }
                        index += 1
                    }
                } else {
                    throw error("unexpected '/'; comments start with // or /*", at: start)
                }
            default:
                return
            }
        }
    }

    // MARK: Positions and errors

    /// The position of the current byte. Every caller is on the current line.
    private mutating func here() -> SourcePosition {
        position(at: index)
    }

    private mutating func position(at offset: Int) -> SourcePosition {
        guard offset >= lineStart else { return SourcePosition.of(offset: offset, in: bytes) }
        if columnMark.offset < lineStart || columnMark.offset > offset {
            columnMark = (lineStart, 1)
        }
        let column = columnMark.column + String(decoding: bytes[columnMark.offset..<offset], as: UTF8.self).count
        columnMark = (offset, column)
        return SourcePosition(line: line, column: column)
    }

    /// The current character for a reason: `'x'`, `U+00A0`, or `end of input`.
    private func describeCurrent() -> String {
        guard index < bytes.count else { return "end of input" }
        var iterator = bytes[index...].makeIterator()
        var decoder = UTF8()
        guard case .scalarValue(let scalar) = decoder.decode(&iterator) else { return "an invalid byte" }
        if scalar == " " { return "a space" }
        if scalar == "\n" { return "a line break" }
        if scalar.isASCII, scalar.value >= 0x21, scalar.value < 0x7F {
            return "'\(Character(scalar))'"
        }
        return "U+\(scalar.value.hex4)"
    }

    private func error(_ reason: String, at position: SourcePosition, path: String = "") -> RulesError {
        RulesError(file: file, position: position, keyPath: path, reason: reason, sourceLine: sourceLine(position.line, in: text.utf8))
    }
}
