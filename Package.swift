// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "swarm",
    platforms: [.macOS(.v15)],
    // MARK: - Public API
    products: [
        .library(name: "Swarm", targets: ["Swarm"]),
        .library(name: "SwarmCore", targets: ["SwarmCore"]),
        .library(name: "SwarmPool", targets: ["SwarmPool"]),
        .library(name: "SwarmArray", targets: ["SwarmArray"]),
        .library(name: "SwarmScience", targets: ["SwarmScience"]),
        .library(name: "SwarmScheduler", targets: ["SwarmScheduler"]),
        .library(name: "SwarmCluster", targets: ["SwarmCluster"]),
        .library(name: "SwarmDashboard", targets: ["SwarmDashboard"]),
        .executable(name: "swarm", targets: ["swarm"]),
    ],
    // MARK: - Traits
    traits: [
        .trait(name: "MPI", description: """
            SwarmCluster's MPI transport: under `mpirun -n N`, rank 0 is the client and \
            controller and the other ranks are engines. Needs Open MPI's headers \
            (Debian: libopenmpi-dev openmpi-bin).
            """),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        // MARK: - Floor 1
        .target(
            name: "SwarmCore",
            dependencies: [
                "CSwarmCore",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "SwarmScheduler", dependencies: ["SwarmCore"]),
        // MARK: - Floor 2
        .target(
            name: "SwarmPool",
            dependencies: [
                "SwarmCore",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "SwarmArray",
            dependencies: [
                "SwarmCore",
                "CSwarmKernels",
                .product(name: "ComplexModule", package: "swift-numerics"),
                .product(name: "RealModule", package: "swift-numerics"),
            ],
            exclude: ["Random/README.md"]
        ),
        // MARK: - Floor 3
        .target(
            name: "SwarmScience",
            dependencies: [
                "SwarmArray",
                "SwarmPool",
                .product(name: "RealModule", package: "swift-numerics"),
            ]
        ),
        .target(
            name: "SwarmCluster",
            dependencies: [
                "SwarmCore",
                "SwarmPool",
                "SwarmArray",
                "SwarmScheduler",
                .target(name: "CSwarmMPI", condition: .when(traits: ["MPI"])),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "SwarmDashboard",
            dependencies: ["SwarmCluster", .product(name: "Hummingbird", package: "hummingbird")]
        ),
        // MARK: - Floor 4
        .target(name: "Swarm", dependencies: ["SwarmCore", "SwarmPool", "SwarmArray", "SwarmScience", "SwarmScheduler", "SwarmCluster"]),
        .executableTarget(
            name: "swarm",
            dependencies: [
                "Swarm",
                "SwarmDashboard",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: - Implementation details
        /// The worker-mode entry point: a C constructor that turns any binary linking
        /// SwarmCore into a pool worker when it is launched with `--swarm-worker FD`.
        .target(name: "CSwarmCore"),
        /// Vector math for SwarmArray's ufuncs: glibc's libmvec (loaded at run
        /// time) and the CPU's vector square root, behind a runtime CPU check.
        .target(name: "CSwarmKernels"),
        /// Open MPI's C header and library, through pkg-config (trait `MPI` only).
        .systemLibrary(name: "CMPI", pkgConfig: "ompi-c", providers: [.apt(["libopenmpi-dev"])]),
        /// MPI for SwarmCluster without MPI's ABI-specific handles: start-up of
        /// engine ranks before `main`, byte-only point-to-point and collectives.
        .target(name: "CSwarmMPI", dependencies: [.target(name: "CMPI", condition: .when(traits: ["MPI"]))]),

        // MARK: - Tests
        /// Helpers the test targets share (running whole process trees).
        .target(name: "SwarmTestSupport", path: "Tests/SwarmTestSupport"),
        .testTarget(name: "SwarmCoreTests", dependencies: ["SwarmCore"]),
        .testTarget(name: "SwarmPoolTests", dependencies: ["SwarmPool", "SwarmCore", "SwarmArray"]),
        .testTarget(name: "SwarmArrayTests", dependencies: ["SwarmArray", "SwarmCore"]),
        .testTarget(name: "SwarmScienceTests", dependencies: ["SwarmScience", "SwarmArray"]),
        .testTarget(name: "SwarmSchedulerTests", dependencies: ["SwarmScheduler"]),
        .testTarget(name: "SwarmDashboardTests", dependencies: ["SwarmDashboard", "SwarmCluster", "SwarmPool", "SwarmTestSupport"]),
        .testTarget(name: "SwarmClusterTests", dependencies: [
            "SwarmCluster", "SwarmPool", "SwarmArray", "SwarmCore", "SwarmScheduler", "SwarmTestSupport",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
