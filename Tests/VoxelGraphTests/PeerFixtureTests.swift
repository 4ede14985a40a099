import Foundation
import NIfTI
import ROIExtraction
import TestSupport
import XCTest
@testable import VoxelGraph

/// The whole `voxelgraph` / `seedmap` workflows on the committed synthetic run (574 usable
/// voxels, 2 constant) against NumPy + python-igraph and nilearn's seed-to-voxel recipe
/// (Fixtures/make_fixtures.py): counts exact, every other value within 1e-10.
final class PeerFixtureTests: XCTestCase {
    let stats = ["degree", "strength", "triangles", "clustering", "eigenvector", "ecm"]

    func compareGraph(rule: EdgeRule, variant: String, edgesKey: String) throws {
        let out = Fixture.temporaryFolder()
        let outcome = try VoxelGraphWorkflow.voxelGraph(bold: Fixture.bold, mask: Fixture.mask, rule: rule, cleaning: VoxelCleaning(),
                                                        outputFolder: out, command: "test")
        let info = try Fixture.json(Fixture.path("info.json"))
        XCTAssertEqual(outcome.maps.edgeCount, info[edgesKey] as? Int)
        XCTAssertEqual(outcome.series.count, info["nodes"] as? Int)
        for stat in stats {
            let stem = "sub-01_task-rest_stat-\(stat)_boldmap"
            let mine = try Fixture.image(out + "/\(stem).nii.gz")
            let theirs = try Fixture.image(Fixture.path("graph/\(variant)/\(stat).nii.gz"))
            if stat == "degree" || stat == "triangles" {
                XCTAssertEqual(mine, theirs, "\(variant) \(stat)")
            } else {
                assertAllClose(mine, theirs, abs: 1e-10, "\(variant) \(stat)")
            }
            let sidecar = try Fixture.json(out + "/\(stem).json")
            XCTAssertEqual(sidecar["ConstantVoxels"] as? Int, 2, "constant voxels reported in \(stem).json")
            XCTAssertEqual(sidecar["Edges"] as? Int, info[edgesKey] as? Int)
            XCTAssertEqual((sidecar["Inputs"] as? [[String: Any]])?.count, 2)
        }
        XCTAssertTrue(outcome.warnings.contains { $0.contains("2 in-mask voxel(s) are constant") })
    }

    func testThresholdAgainstIgraph() throws {
        try compareGraph(rule: EdgeRule(selection: .threshold(0.3)), variant: "threshold", edgesKey: "threshold")
    }

    func testDensityAbsoluteRadiusAgainstIgraph() throws {
        try compareGraph(rule: EdgeRule(selection: .density(0.04), sign: .absolute, excludeRadius: 6), variant: "density", edgesKey: "density")
    }

    func testRerunIsByteIdentical() throws {
        let a = Fixture.temporaryFolder(), b = Fixture.temporaryFolder()
        for out in [a, b] {
            _ = try VoxelGraphWorkflow.voxelGraph(bold: Fixture.bold, mask: Fixture.mask, rule: EdgeRule(selection: .threshold(0.5)),
                                                  cleaning: VoxelCleaning(), outputFolder: out, command: "test")
        }
        for stat in stats {
            for ext in ["nii.gz", "json"] {
                let name = "/sub-01_task-rest_stat-\(stat)_boldmap.\(ext)"
                XCTAssertEqual(FileManager.default.contents(atPath: a + name), FileManager.default.contents(atPath: b + name), name)
            }
        }
    }

    var nilearnCleaning: VoxelCleaning {
        VoxelCleaning(options: .init(detrend: true, standardize: .zscoreSample, highPass: 0.01, lowPass: 0.1, repetitionTime: 2))
    }

    func compareSeed(_ seed: SeedRegion, name: String) throws {
        let out = Fixture.temporaryFolder()
        _ = try VoxelGraphWorkflow.seedMap(bold: Fixture.bold, seed: seed, seedName: name, mask: Fixture.mask, cleaning: nilearnCleaning,
                                           outputFolder: out, command: "test")
        for stat in ["r", "z"] {
            let mine = try Fixture.image(out + "/sub-01_task-rest_desc-\(name)_stat-\(stat)_boldmap.nii.gz")
            let theirs = try Fixture.image(Fixture.path("seed/\(name)_\(stat).nii.gz"))
            // nilearn's arctanh(1) is infinite; ours clips r first (documented), so a finite z
            let finite = theirs.indices.filter { theirs[$0].isFinite }
            assertAllClose(finite.map { mine[$0] }, finite.map { theirs[$0] }, abs: 1e-10, "\(name) \(stat)")
            for i in theirs.indices where !theirs[i].isFinite { XCTAssertTrue(mine[i].isFinite && mine[i] > 15, "\(name): clipped z") }
        }
    }

    func testSphereSeedAgainstNilearn() throws {
        try compareSeed(.sphere(x: 2.5, y: -3.7, z: 4.1, radius: 6), name: "sphere")
    }

    func testRadiusZeroSphereSeedAgainstNilearn() throws {
        try compareSeed(.sphere(x: -9, y: 6.2, z: 1.9, radius: 0), name: "sphere0")
    }

    func testAtlasLabelSeedAgainstNilearn() throws {
        try compareSeed(.atlasLabel(path: Fixture.atlas, label: 7), name: "atlas7")
    }

    /// A seed mask holding exactly the voxels of atlas label 7 gives nilearn's atlas-label maps.
    func testSeedMaskAgainstNilearn() throws {
        let h = try NIfTIImage(path: Fixture.atlas).header
        let atlas = try Fixture.image(Fixture.atlas)
        let path = Fixture.temporaryFolder() + "/sub-01_desc-label7_mask.nii.gz"
        try NIfTIWriter.write(atlas.map { $0 == 7 ? UInt8(1) : 0 }, shape: h.shape, affine: h.affine, to: path)
        XCTAssertEqual(SeedRegion.mask(path: path).defaultName, "label7")
        let out = Fixture.temporaryFolder()
        _ = try VoxelGraphWorkflow.seedMap(bold: Fixture.bold, seed: .mask(path: path), seedName: nil, mask: Fixture.mask,
                                           cleaning: nilearnCleaning, outputFolder: out, command: "test")
        for stat in ["r", "z"] {
            let mine = try Fixture.image(out + "/sub-01_task-rest_desc-label7_stat-\(stat)_boldmap.nii.gz")
            let theirs = try Fixture.image(Fixture.path("seed/atlas7_\(stat).nii.gz"))
            assertAllClose(mine, theirs, abs: 1e-10, "seed mask \(stat)")
        }
    }

    /// Without a mask, every varying voxel of the grid is a target; in-mask voxels get the same
    /// values as with the mask (cleaning is per voxel), and the two constant voxels are counted.
    func testSeedMapWithoutMask() throws {
        let a = Fixture.temporaryFolder(), b = Fixture.temporaryFolder()
        let seed = SeedRegion.sphere(x: 2.5, y: -3.7, z: 4.1, radius: 6)
        _ = try VoxelGraphWorkflow.seedMap(bold: Fixture.bold, seed: seed, seedName: "s", mask: Fixture.mask, cleaning: nilearnCleaning,
                                           outputFolder: a, command: "test")
        let whole = try VoxelGraphWorkflow.seedMap(bold: Fixture.bold, seed: seed, seedName: "s", mask: nil, cleaning: nilearnCleaning,
                                                   outputFolder: b, command: "test")
        let name = "/sub-01_task-rest_desc-s_stat-r_boldmap.nii.gz"
        let masked = try Fixture.image(a + name), unmasked = try Fixture.image(b + name)
        let mask = try Fixture.image(Fixture.mask)
        let inside = mask.indices.filter { mask[$0] != 0 }
        assertAllClose(inside.map { unmasked[$0] }, inside.map { masked[$0] }, abs: 1e-12, "in-mask r without a mask")
        XCTAssertEqual(whole.series.count, 12 * 12 * 10 - 2)
        let sidecar = try Fixture.json(b + "/sub-01_task-rest_desc-s_stat-r_boldmap.json")
        XCTAssertEqual(sidecar["ConstantVoxels"] as? Int, 2)
        XCTAssertEqual(sidecar["TargetVoxels"] as? Int, 12 * 12 * 10)
    }

    /// Cleaning in chunks of columns gives the same series as one chunk (to rounding).
    func testColumnChunksDoNotChangeTheSeries() throws {
        let bold = try NIfTIImage(path: Fixture.bold)
        let mask = try VoxelMask.read(path: Fixture.mask, on: VoxelGrid(header: bold.header), boldPath: Fixture.bold)
        let whole = try NormalizedVoxelSeries.prepare(bold: bold, mask: mask, cleaning: nilearnCleaning)
        defer { NormalizedVoxelSeries.columnChunk = 4096 }
        NormalizedVoxelSeries.columnChunk = 37
        let chunked = try NormalizedVoxelSeries.prepare(bold: bold, mask: mask, cleaning: nilearnCleaning)
        XCTAssertEqual(chunked.voxels, whole.voxels)
        XCTAssertEqual(chunked.constantVoxels, whole.constantVoxels)
        // per-column arithmetic, up to BLAS rounding that depends on the block's width
        assertAllClose(chunked.z, whole.z, abs: 1e-12, "chunked z")
        XCTAssertEqual(chunked.warnings, whole.warnings)
    }

    /// The sphere's voxels, as nilearn's `apply_mask_and_get_affinity` lists them.
    func testSphereVoxelsMatchNilearn() throws {
        let grid = VoxelGrid(header: try NIfTIImage(path: Fixture.bold).header)
        for name in ["sphere", "sphere0"] {
            let j = try Fixture.json(Fixture.path("seed/\(name)_sphere.json"))
            let c = j["coords"] as! [Double], radius = j["radius"] as! Double
            let expected = (j["voxels"] as! [[Int]]).map { grid.index($0[0], $0[1], $0[2]) }.sorted()
            let mine = try SeedRegion.sphere(x: c[0], y: c[1], z: c[2], radius: radius).voxels(on: grid)
            XCTAssertEqual(mine, expected, name)
            XCTAssertFalse(mine.isEmpty)
        }
    }
}
