// libFuzzer's entry point for every fuzz target of Scripts/fuzz.sh; CALLMETER_FUZZ_TARGET picks one.
import Foundation

private enum Target {
    case csv, rules, ingest(IngestFormat)
}

private let target: Target = {
    let name = ProcessInfo.processInfo.environment["CALLMETER_FUZZ_TARGET"] ?? ""
    switch name {
    case "csv": return .csv
    case "rules": return .rules
    default:
        guard let format = IngestFormat(rawValue: name) else {
            preconditionFailure("CALLMETER_FUZZ_TARGET: unknown target \"\(name)\"")
        }
        return .ingest(format)
    }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    switch target {
    case .csv: fuzzCSV(bytes)
    case .rules: fuzzRules(bytes)
    case .ingest(let format): fuzzIngest(bytes, format: format)
    }
    return 0
}

/// Like `precondition`, but prints its message in an optimised build too (libFuzzer's log shows it).
func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if condition { return }
    FileHandle.standardError.write(Data("fuzz: \(message())\n".utf8))
    abort()
}
