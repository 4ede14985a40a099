import FMRIWorkflow
import Foundation
import VoxelGraph
import XCTest
@testable import Pipeline

/// The `voxelgraph` and `seedmap` stages and the group mean of their maps: planned exactly when
/// configured, typed config parsed into VoxelGraph's enums, errors with file:line:column.
final class VoxelStepsTests: XCTestCase {
    static let repo = ShippedConfigs.repo
    var dir: String!
    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("voxelsteps-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    /// A copy of a shipped config in a temporary folder, SampleData paths made absolute.
    func config(_ name: String, _ edit: (String) -> String = { $0 }) throws -> PipelineConfig {
        try ShippedConfigs.load(pipeline: name, output: dir + "/out", edit: edit)
    }

    func plan(_ c: PipelineConfig) throws -> [String] {
        try PipelinePlan(config: c, ledger: RunLedger(outputRoot: c.output), shard: nil, phases: .init()).units.map { "\($0.subject) \($0.step)" }
    }

    func testTheVoxelStepsArePlannedWhenConfiguredAndNotOtherwise() throws {
        let c = try config("voxelgraph.yaml")
        XCTAssertEqual(c.voxelgraph?.rule, EdgeRule(selection: .density(0.05), sign: .positive, excludeRadius: 5))
        XCTAssertEqual(c.voxelgraph?.maps, VoxelMapStat.allCases)
        XCTAssertEqual(c.seedmap?.seeds.map(\.name), ["centre", "PCC"])
        XCTAssertEqual(c.seedmap?.seeds.first?.region, .sphere(x: -2, y: 0, z: 2, radius: 6))
        XCTAssertEqual(c.seedmap?.seeds.last?.region, .atlasLabel(path: Self.repo + "/SampleData/atlas/atlas-sample_space-MNI152NLin2009cAsym_dseg.nii.gz", label: 7))
        let units = try plan(c)
        XCTAssertEqual(units.filter { $0.hasSuffix(" voxelgraph") }.sorted(), ["01 voxelgraph", "02 voxelgraph", "03 voxelgraph"])
        XCTAssertEqual(units.filter { $0.hasSuffix(" seedmap") }.sorted(), ["01 seedmap", "02 seedmap", "03 seedmap"])
        XCTAssertEqual(units.filter { $0.hasPrefix("group") }, ["group voxel maps mean"])
        XCTAssertEqual(units.count, 10, "\(units)")

        // the sample config has neither stage: no voxel unit
        let sample = try plan(try config("sample.yaml"))
        XCTAssertFalse(sample.contains { $0.contains("voxelgraph") || $0.contains("seedmap") || $0.contains("voxel maps") }, "\(sample)")

        // without stages.group, or with voxel_maps: false, no group mean
        for edit in ["  group:\n    voxel_maps: true\n": "", "voxel_maps: true": "voxel_maps: false"] {
            let units = try plan(try config("voxelgraph.yaml") { $0.replacingOccurrences(of: edit.key, with: edit.value) })
            XCTAssertFalse(units.contains { $0.hasPrefix("group") }, "\(units)")
            XCTAssertEqual(units.count, 9)
        }
        // only the seed maps: their group mean still runs
        let seedsOnly = try plan(try config("voxelgraph.yaml") { text in
            let start = text.range(of: "  voxelgraph:\n")!, end = text.range(of: "  seedmap:\n")!
            return text.replacingCharacters(in: start.lowerBound..<end.lowerBound, with: "")
        })
        XCTAssertEqual(seedsOnly.filter { $0.contains("voxelgraph") }, [])
        XCTAssertEqual(seedsOnly.filter { $0.hasPrefix("group") }, ["group voxel maps mean"])
    }

    func testWithoutAMaskTheBrainMaskBesideTheBOLDIsUsedOrTheErrorSaysSo() throws {
        let c = try config("voxelgraph.yaml") { $0.replacingOccurrences(of: "    mask: " + Self.repo + "/SampleData/atlas/atlas-sample_space-MNI152NLin2009cAsym_dseg.nii.gz\n    density", with: "    density") }
        XCTAssertNil(c.voxelgraph?.mask)
        XCTAssertThrowsError(try plan(c)) { e in
            XCTAssertTrue("\(e)".contains("has no fMRIPrep *_desc-brain_mask.nii.gz beside it; set 'stages.voxelgraph.mask'"), "\(e)")
        }
        let bold = dir + "/sub-01_task-rest_space-MNI_desc-preproc_bold.nii.gz"
        let run = BOLDRun(bold: bold, entities: BIDSName(path: bold))
        XCTAssertNil(VoxelSteps.brainMask(of: run))
        FileManager.default.createFile(atPath: dir + "/sub-01_task-rest_space-MNI_desc-brain_mask.nii.gz", contents: Data())
        XCTAssertEqual(VoxelSteps.brainMask(of: run), dir + "/sub-01_task-rest_space-MNI_desc-brain_mask.nii.gz")
    }

    func testBadStageConfigsAreErrorsWithLineAndColumn() throws {
        let cases: [(String, String, String)] = [
            ("    density: 0.05\n", "    density: 0.05\n    threshold: 0.3\n", "exactly one of 'threshold' or 'density'"),
            ("    density: 0.05\n", "    density: 0\n", "'stages.voxelgraph.density' must be a fraction of pairs in (0, 1], got 0.0"),
            ("    density: 0.05\n    sign: positive\n", "    threshold: -0.2\n    sign: absolute\n", "'stages.voxelgraph.threshold' must be a correlation in [0, 1) with --sign absolute"),
            ("    sign: positive\n", "    sign: negative\n", "'negative'"),
            ("maps: [degree,", "maps: [degre,", "'degre'"),
            ("      - name: centre\n", "      - name: my-centre\n", "not a BIDS label"),
            ("      - name: PCC\n", "      - name: centre\n", "two seeds are named 'centre'"),
            ("        radius: 6\n", "", "'coords' needs 'radius'"),
            ("        coords: [-2, 0, 2]\n", "        coords: [-2, 0]\n", "three numbers"),
            ("        label: 7\n", "", "'atlas' needs 'label'"),
            ("        label: 7\n", "        label: 7\n        coords: [1, 2, 3]\n", "exactly one of 'coords'"),
        ]
        for (from, to, message) in cases {
            XCTAssertThrowsError(try config("voxelgraph.yaml") { text in
                XCTAssertTrue(text.contains(from), from)
                return text.replacingOccurrences(of: from, with: to)
            }, message) { e in
                let text = "\(e)"
                XCTAssertTrue(text.contains(message), "\(message): \(text)")
                // file:line:column
                XCTAssertNotNil(text.range(of: #"\.yaml:\d+:\d+: "#, options: .regularExpression), text)
            }
        }
    }
}
