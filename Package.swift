// swift-tools-version:6.0
// NeuroRep: fMRI volumes to answers about representations.
// One library target per stage; data flows down the list, never back up.
import PackageDescription

let swift5: [SwiftSetting] = [.swiftLanguageMode(.v5)]

let package = Package(
    name: "NeuroRep",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "neurorep", targets: ["neurorep"]),
        // Every Swift library target is a product, so another package can `import RSA` (and so on):
        // Examples/ is such a package and the test command builds it. Not products: the C shims
        // (reached through the libraries that wrap them) and TestSupport (assertions for our own tests).
        .library(name: "LinearAlgebra", targets: ["LinearAlgebra"]),
        .library(name: "AtomicFiles", targets: ["AtomicFiles"]),
        .library(name: "NIfTI", targets: ["NIfTI"]),
        .library(name: "ArrayFiles", targets: ["ArrayFiles"]),
        .library(name: "Provenance", targets: ["Provenance"]),
        .library(name: "Figures", targets: ["Figures"]),
        .library(name: "Signal", targets: ["Signal"]),
        .library(name: "ROIExtraction", targets: ["ROIExtraction"]),
        .library(name: "Connectivity", targets: ["Connectivity"]),
        .library(name: "FMRIWorkflow", targets: ["FMRIWorkflow"]),
        .library(name: "Graphs", targets: ["Graphs"]),
        .library(name: "Recurrence", targets: ["Recurrence"]),
        .library(name: "RSA", targets: ["RSA"]),
        .library(name: "ShapeMetrics", targets: ["ShapeMetrics"]),
        .library(name: "Pipeline", targets: ["Pipeline"]),
        .library(name: "Report", targets: ["Report"]),
        .library(name: "GLM", targets: ["GLM"]),
        .library(name: "VoxelGraph", targets: ["VoxelGraph"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // C shims only
        .target(
            name: "CNIfTI",
            cSettings: [.unsafeFlags(["-I/usr/include/nifti"])],
            linkerSettings: [.linkedLibrary("nifti2"), .linkedLibrary("isal"), .linkedLibrary("z"), .linkedLibrary("m")]
        ),
        .systemLibrary(name: "CLapack"),
        .systemLibrary(name: "CFFTW"),
        .systemLibrary(name: "COpenSSL"),
        .systemLibrary(name: "CPNG"),

        // Foundation libraries
        .target(name: "LinearAlgebra", dependencies: ["CLapack"], exclude: ["README.md"], swiftSettings: swift5),
        .target(name: "AtomicFiles", exclude: ["README.md"], swiftSettings: swift5),
        .target(name: "NIfTI", dependencies: ["CNIfTI", "AtomicFiles", "LinearAlgebra"], exclude: ["README.md"], swiftSettings: swift5),
        .target(name: "ArrayFiles", dependencies: ["ZIPFoundation", "AtomicFiles"], exclude: ["README.md"], swiftSettings: swift5),
        .target(name: "Provenance", dependencies: ["COpenSSL", "AtomicFiles"], exclude: ["README.md"], swiftSettings: swift5),

        // Shared by the test targets only: exact JSON fixtures, tolerance assertions.
        .target(name: "TestSupport", dependencies: ["ArrayFiles"], path: "Sources/TestSupport", swiftSettings: swift5),

        // Stages (fMRI path, then representations)
        .target(name: "Figures", dependencies: ["CPNG", "AtomicFiles"], exclude: ["README.md"], swiftSettings: swift5),
        .target(name: "Signal", dependencies: ["LinearAlgebra", "ArrayFiles", "CFFTW"], exclude: ["README.md"], swiftSettings: swift5),
        .target(name: "ROIExtraction", dependencies: ["NIfTI", "LinearAlgebra", "ArrayFiles"], exclude: ["README.md"], swiftSettings: swift5),
        .target(name: "Connectivity", dependencies: ["LinearAlgebra"], exclude: ["README.md"], swiftSettings: swift5),
        .target(name: "FMRIWorkflow", dependencies: ["NIfTI", "LinearAlgebra", "ArrayFiles", "AtomicFiles", "Provenance", "ROIExtraction", "Signal", "Connectivity"], exclude: ["README.md"], swiftSettings: swift5),
        .target(name: "GLM", dependencies: ["CLapack", "NIfTI", "LinearAlgebra", "ArrayFiles", "AtomicFiles", "Provenance", "Signal", "FMRIWorkflow"], exclude: ["README.md"], swiftSettings: swift5),
        .target(name: "VoxelGraph", dependencies: ["CLapack", "NIfTI", "LinearAlgebra", "Signal", "ROIExtraction", "FMRIWorkflow", "Provenance", "AtomicFiles"], exclude: ["README.md"], swiftSettings: swift5),
        .target(name: "Graphs", dependencies: ["LinearAlgebra", "ArrayFiles", "AtomicFiles", "Provenance"], exclude: ["README.md"], swiftSettings: swift5),
        .target(name: "Recurrence", dependencies: ["LinearAlgebra", "Figures", "ArrayFiles", "AtomicFiles", "Provenance"], exclude: ["README.md"], swiftSettings: swift5),
        .target(name: "RSA", dependencies: ["LinearAlgebra", "ArrayFiles", "AtomicFiles", "NIfTI", "Figures"], exclude: ["README.md"], swiftSettings: swift5),
        .target(name: "ShapeMetrics", dependencies: ["LinearAlgebra", "ArrayFiles"], exclude: ["README.md"], swiftSettings: swift5),

        // Batch pipelines: config, discovery, run ledger, runner
        .target(name: "Pipeline", dependencies: [
            "NIfTI", "ArrayFiles", "AtomicFiles", "Provenance", "Figures", "Signal", "ROIExtraction", "Connectivity",
            "FMRIWorkflow", "GLM", "Graphs", "VoxelGraph", "Recurrence", "RSA", "ShapeMetrics", "LinearAlgebra",
            .product(name: "Yams", package: "Yams"), .product(name: "GRDB", package: "GRDB.swift"),
        ], exclude: ["README.md"], swiftSettings: swift5),

        // The HTML report of a run, from its recorded outputs (unit states from the run ledger, opened read-only)
        .target(name: "Report", dependencies: [
            "Figures", "ArrayFiles", "Provenance", "LinearAlgebra", "Pipeline", "NIfTI",
        ], exclude: ["README.md"], swiftSettings: swift5),

        // CLI
        .executableTarget(
            name: "neurorep",
            dependencies: [
                "NIfTI", "LinearAlgebra", "ArrayFiles", "AtomicFiles", "Provenance", "Figures", "Signal", "ROIExtraction",
                "Connectivity", "Graphs", "Recurrence", "RSA", "ShapeMetrics", "Pipeline", "FMRIWorkflow", "Report", "GLM", "VoxelGraph",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swift5
        ),

        // libFuzzer entry for the NIfTI and NPY header parsers; a corpus replayer in normal builds
        // (README "Fuzzing"; build with -sanitize=fuzzer through -Xswiftc to fuzz)
        .executableTarget(name: "FuzzHeaders", dependencies: ["NIfTI", "ArrayFiles"], swiftSettings: swift5),

        // Tests
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra", "TestSupport"], swiftSettings: swift5),
        .testTarget(name: "NIfTITests", dependencies: ["NIfTI", "ArrayFiles", "LinearAlgebra", "TestSupport"], resources: [.copy("Fixtures")], swiftSettings: swift5),
        .testTarget(name: "ArrayFilesTests", dependencies: ["ArrayFiles", "TestSupport"], resources: [.copy("Fixtures")], swiftSettings: swift5),
        .testTarget(name: "AtomicFilesTests", dependencies: ["AtomicFiles"], swiftSettings: swift5),
        .testTarget(name: "ProvenanceTests", dependencies: ["Provenance", "TestSupport"], swiftSettings: swift5),
        .testTarget(name: "FiguresTests", dependencies: ["Figures", "TestSupport"], resources: [.copy("Fixtures")], swiftSettings: swift5),
        .testTarget(name: "SignalTests", dependencies: ["Signal", "TestSupport"], resources: [.copy("Fixtures")], swiftSettings: swift5),
        .testTarget(name: "ROIExtractionTests", dependencies: ["ROIExtraction", "TestSupport"], resources: [.copy("Fixtures")], swiftSettings: swift5),
        .testTarget(name: "FMRIWorkflowTests", dependencies: ["FMRIWorkflow", "TestSupport"], resources: [.copy("Fixtures")], swiftSettings: swift5),
        .testTarget(name: "ConnectivityTests", dependencies: ["Connectivity", "TestSupport"], resources: [.copy("Fixtures")], swiftSettings: swift5),
        .testTarget(name: "VoxelGraphTests", dependencies: ["VoxelGraph", "NIfTI", "LinearAlgebra", "ROIExtraction", "TestSupport"], resources: [.copy("Fixtures")], swiftSettings: swift5),
        .testTarget(name: "GraphsTests", dependencies: ["Graphs", "TestSupport", "ArrayFiles"], resources: [.copy("Fixtures")], swiftSettings: swift5),
        .testTarget(name: "RecurrenceTests", dependencies: ["Recurrence", "TestSupport", "ArrayFiles", "Figures", "LinearAlgebra"], resources: [.copy("Fixtures")], swiftSettings: swift5),
        .testTarget(name: "RSATests", dependencies: ["RSA", "TestSupport"], resources: [.copy("Fixtures")], swiftSettings: swift5),
        .testTarget(name: "GLMTests", dependencies: ["GLM", "RSA", "NIfTI", "ArrayFiles", "TestSupport"], resources: [.copy("Fixtures")], swiftSettings: swift5),
        .testTarget(name: "ShapeMetricsTests", dependencies: ["ShapeMetrics", "TestSupport"], resources: [.copy("Fixtures")], swiftSettings: swift5),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "TestSupport", "VoxelGraph", "FMRIWorkflow"], resources: [.copy("Fixtures")], swiftSettings: swift5),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Figures", "Pipeline", "ArrayFiles", "Provenance", "NIfTI", "TestSupport"], swiftSettings: swift5),
        .testTarget(name: "CLITests", dependencies: ["NIfTI", "ArrayFiles", "TestSupport", "neurorep"], exclude: ["Fixtures"], swiftSettings: swift5),
    ]
)
