// libFuzzer entry for the rules JSON parser (built by Scripts/fuzz.sh with Rules/*.swift).
// Any input must parse or fail with a RulesError; never crash, hang or overflow the stack.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRules(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let text = String(decoding: bytes, as: UTF8.self)
    do {
        _ = try RulesJSONParser.parse(text, file: "fuzz.json")
    } catch {
        _ = "\(error)"
    }
    return 0
}
