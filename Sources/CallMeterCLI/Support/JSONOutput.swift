import CallMeter
import Foundation

/// JSON for machines, written by hand so that keys keep a fixed, readable order, absent values
/// are an explicit `null` and tenths print as `67.0`, never through a binary floating point.
/// Strings hold no control character (see `quote`).
indirect enum JSONOutput {
    case null
    case bool(Bool)
    case int(Int)
    /// 723 prints as 72.3.
    case tenths(Int)
    /// A binary floating-point value printed with exactly `places` decimals (`Double.fixed`); an
    /// infinite or NaN value prints as `null`.
    case decimal(Double, places: Int)
    case string(String)
    case array([JSONOutput])
    case object([(String, JSONOutput)])

    static func tenths(_ value: Int?) -> JSONOutput { value.map { .tenths($0) } ?? .null }
    static func string(_ value: String?) -> JSONOutput { value.map { .string($0) } ?? .null }

    /// Pretty-printed with two-space indentation.
    var text: String {
        var out = ""
        write(into: &out, indent: 0)
        return out
    }

    private func write(into out: inout String, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .tenths(let value): out += (value < 0 ? "-" : "") + "\(abs(value) / 10).\(abs(value) % 10)"
        case .decimal(let value, let places): out += value.isFinite ? value.fixed(places) : "null"
        case .string(let value): Self.quote(value, into: &out)
        case .array(let elements):
            guard !elements.isEmpty else { out += "[]"; return }
            out += "[\n"
            for (offset, element) in elements.enumerated() {
                out += String(repeating: "  ", count: indent + 1)
                element.write(into: &out, indent: indent + 1)
                out += offset == elements.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: "  ", count: indent) + "]"
        case .object(let members):
            guard !members.isEmpty else { out += "{}"; return }
            out += "{\n"
            for (offset, member) in members.enumerated() {
                out += String(repeating: "  ", count: indent + 1)
                Self.quote(member.0, into: &out)
                out += ": "
                member.1.write(into: &out, indent: indent + 1)
                out += offset == members.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: "  ", count: indent) + "}"
        }
    }

    private static func quote(_ text: String, into out: inout String) {
        // C0, DEL, C1 and the bidirectional controls as \uXXXX: the JSON means the same string
        // and a terminal showing it is not driven by it.
        JSONString.append(text, style: .terminal, to: &out)
    }
}

extension Double {
    /// With exactly `places` decimals, rounded to nearest (`7.836`), the same on every machine; a
    /// negative zero prints as zero.
    func fixed(_ places: Int) -> String {
        String(format: "%.\(places)f", self == 0 ? 0 : self)
    }
}
