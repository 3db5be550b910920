// swift-tools-version: 6.1
// libFuzzer targets for the parsers that read outside data. Build and run
// with Fuzz/run.sh (it passes -sanitize=fuzzer,address and -parse-as-library,
// which let libFuzzer provide `main`).
import Foundation
import PackageDescription

// SwiftPM names a path dependency after its directory, so the root package is
// "main" in one checkout and "ciclone" in another: take the name from the path.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent.lowercased()

let package = Package(
    name: "SwarmFuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(name: "FuzzNPY", dependencies: [.product(name: "SwarmArray", package: root)]),
        .executableTarget(name: "FuzzCluster", dependencies: [.product(name: "SwarmCluster", package: root)]),
        .executableTarget(name: "FuzzWire", dependencies: [
            .product(name: "SwarmArray", package: root), .product(name: "SwarmCore", package: root),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
