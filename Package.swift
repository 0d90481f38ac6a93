// swift-tools-version:6.0
import PackageDescription

// No package dependencies: SQLite and OpenSSL's libcrypto come from the system through module maps.
let package = Package(
    name: "CallMeter",
    products: [
        .executable(name: "callmeter", targets: ["callmeter"]),
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
        .target(name: "CallMeterCLI", dependencies: ["CallMeter"]),
        .executableTarget(name: "callmeter", dependencies: ["CallMeterCLI"]),
        .testTarget(name: "CallMeterTests", dependencies: ["CallMeter"]),
        .testTarget(name: "CallMeterCLITests", dependencies: ["CallMeterCLI", "CallMeter"]),
    ]
)

for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    target.swiftSettings = settings
}
