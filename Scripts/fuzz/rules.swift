// Fuzz target `rules`: the rules loader. The input is read as a rule file (bytes, then JSON) and
// given to every kind of rule file's loader; each must load or fail with a RulesError that points
// inside the text. Never crash, hang or overflow the stack.
import Foundation

private func checkPosition(_ error: RulesError, in text: String) {
    guard let line = error.line, let column = error.column else { return }
    // An upper bound: LF, CRLF and a bare CR each end a line.
    let lines = text.utf8.reduce(1) { $0 + ($1 == UInt8(ascii: "\n") || $1 == UInt8(ascii: "\r") ? 1 : 0) }
    require(line >= 1 && line <= lines, "line \(line) outside the text: \(error)")
    require(column >= 1, "column \(column) < 1: \(error)")
    _ = error.description
}

func fuzzRules(_ bytes: [UInt8]) {
    let file: RulesFile
    do {
        file = try RulesFile.parse(bytes, file: "fuzz.json")
    } catch {
        checkPosition(error, in: String(decoding: bytes, as: UTF8.self))
        return
    }
    // One do/catch per loader: an array of typed-throws closures crashes swiftc 6.3.1 at -O.
    do { _ = try CenterRules(file) } catch { checkPosition(error, in: file.text) }
    do { _ = try TierRules(file) } catch { checkPosition(error, in: file.text) }
    do { _ = try PayrollRules(file) } catch { checkPosition(error, in: file.text) }
    do { _ = try ScoringRules(file, ratingScale: 1...5) } catch { checkPosition(error, in: file.text) }
    do { _ = try ScoringRules(file, ratingScale: 0...100) } catch { checkPosition(error, in: file.text) }
    do { _ = try RoutingRules(file) } catch { checkPosition(error, in: file.text) }
    do { _ = try AsteriskRules(file) } catch { checkPosition(error, in: file.text) }
    do { _ = try FreeSWITCHRules(file) } catch { checkPosition(error, in: file.text) }
    // A center file that loads decides the rating scale the scoring rules are read with.
    if let center = try? CenterRules(file) {
        do { _ = try ScoringRules(file, ratingScale: center.ratingScale) } catch { checkPosition(error, in: file.text) }
    }
}
