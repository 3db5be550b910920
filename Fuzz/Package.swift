// swift-tools-version: 6.1
// libFuzzer targets for the parsers that read outside data. Build and run
// with Fuzz/run.sh (it passes -sanitize=fuzzer,address and -parse-as-library,
// which let libFuzzer provide `main`).
import PackageDescription

let package = Package(
    name: "SwarmFuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(name: "FuzzNPY", dependencies: [.product(name: "SwarmArray", package: "main")]),
        .executableTarget(name: "FuzzWire", dependencies: [
            .product(name: "SwarmArray", package: "main"), .product(name: "SwarmCore", package: "main"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
