// swift-tools-version:6.0
import PackageDescription

// No package dependencies: SQLite and OpenSSL's libcrypto come from the system through module maps.
let package = Package(
    name: "CallMeter",
    products: [
        .executable(name: "callmeter", targets: ["callmeter"]),
        .executable(name: "callmeterd", targets: ["callmeterd"]),
        .library(name: "CallMeter", targets: ["CallMeter"]),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // Only for SHA-256 and HMAC-SHA256 (caller pseudonyms, batch digests).
        .systemLibrary(
            name: "CCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .target(name: "CallMeter", dependencies: ["CSQLite", "CCrypto"]),
        .target(name: "CallMeterDaemon", dependencies: ["CallMeter"]),
        .target(name: "CallMeterCLI", dependencies: ["CallMeter", "CallMeterDaemon"]),
        .executableTarget(name: "callmeter", dependencies: ["CallMeterCLI"]),
        .executableTarget(name: "callmeterd", dependencies: ["CallMeterDaemon"]),
        // Helpers both test targets build files with (plain Swift, no test library).
        .target(name: "CallMeterTestSupport", path: "Tests/CallMeterTestSupport"),
        .testTarget(name: "CallMeterTests", dependencies: ["CallMeter", "CallMeterTestSupport"]),
        .testTarget(name: "CallMeterCLITests", dependencies: ["CallMeterCLI", "CallMeter", "CallMeterTestSupport"]),
        // Starts the real `callmeterd` and `callmeter` binaries, so it depends on them: `swift test` builds them first.
        .testTarget(name: "CallMeterDaemonTests", dependencies: ["CallMeterDaemon", "CallMeter", "CallMeterCLI", "CallMeterTestSupport", "callmeterd", "callmeter"]),
    ]
)

for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    target.swiftSettings = settings
}
