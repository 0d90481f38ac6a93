import Foundation
import Testing

/// The README's embedding example (`Tests/EmbeddingExample/main.swift`) type-checked against the
/// `CallMeter` module this test run built, as another package sees it: with `public` access only
/// (tests of this package see `package` declarations too, so only a separate compile shows that the
/// example needs nothing more than the public API).
@Test func theEmbeddingExampleCompilesAgainstThePublicAPI() throws {
    // The test bundle sits in the build folder (`.build/debug/CallMeterPackageTests.xctest`), beside
    // `Modules/` with the built `CallMeter.swiftmodule`.
    let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
    let modules = bundle.deletingLastPathComponent().appendingPathComponent("Modules")
    try #require(FileManager.default.fileExists(atPath: modules.appendingPathComponent("CallMeter.swiftmodule").path),
                 "no CallMeter.swiftmodule in \(modules.path)")
    let example = packageRoot.appendingPathComponent("Tests/EmbeddingExample/main.swift").path
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
        "swiftc", "-typecheck", "-swift-version", "6", "-I", modules.path,
        "-Xcc", "-fmodule-map-file=" + packageRoot.appendingPathComponent("Sources/CSQLite/module.modulemap").path,
        "-Xcc", "-fmodule-map-file=" + packageRoot.appendingPathComponent("Sources/CCrypto/module.modulemap").path,
        example,
    ]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "the embedding example does not compile against the public API:\n\(text)")
}

/// The README quotes the example as it is.
@Test func theReadmeQuotesTheEmbeddingExample() throws {
    let readme = try String(contentsOf: packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
    let example = try String(contentsOf: packageRoot.appendingPathComponent("Tests/EmbeddingExample/main.swift"), encoding: .utf8)
    let body = example.split(separator: "\n", omittingEmptySubsequences: false)
        .drop { $0.hasPrefix("//") }.joined(separator: "\n")
    #expect(readme.contains(body.trimmingCharacters(in: .whitespacesAndNewlines)))
}
