// swift-tools-version:6.0
// An outside package that uses NeuroRep's libraries, as any other Swift package would: it
// depends on NeuroRep by path and imports every stage module. The test command
// (scripts/test.sh) builds and runs it, so a library that stops being a product, or stops
// building for another package, fails the tests.
import PackageDescription

// A path dependency is known by its folder's name (the clone may be named anything). A package
// elsewhere would write `.package(url: "<NeuroRep's git URL>", branch: "main")` and `package: "NeuroRep"`.
let neuroRep = Context.packageDirectory.split(separator: "/").dropLast().last.map(String.init) ?? "NeuroRep"
let stages = ["LinearAlgebra", "AtomicFiles", "NIfTI", "ArrayFiles", "Provenance", "Figures", "Signal", "ROIExtraction",
              "Connectivity", "FMRIWorkflow", "Graphs", "Recurrence", "RSA", "ShapeMetrics", "Pipeline", "Report", "GLM", "VoxelGraph"]

let package = Package(
    name: "NeuroRepExamples",
    platforms: [.macOS(.v13)],
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(
            name: "rdm-example",
            dependencies: stages.map { .product(name: $0, package: neuroRep) },
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),
    ]
)
