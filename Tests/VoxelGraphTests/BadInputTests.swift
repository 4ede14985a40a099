import Foundation
import NIfTI
import ROIExtraction
import XCTest
@testable import VoxelGraph

/// Bad input ends in an error naming the file or option, and nothing is written.
final class BadInputTests: XCTestCase {
    func run(mask: String, rule: EdgeRule = EdgeRule(selection: .threshold(0.3))) throws -> String {
        let out = Fixture.temporaryFolder()
        defer {
            let left = (try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []
            XCTAssertEqual(left, [], "no partial output")
        }
        _ = try VoxelGraphWorkflow.voxelGraph(bold: Fixture.bold, mask: mask, rule: rule, cleaning: VoxelCleaning(),
                                              outputFolder: out, command: "test")
        return out
    }

    func expectError(_ kind: VoxelGraphError.Kind, naming: String, _ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            guard let e = error as? VoxelGraphError else { return XCTFail("unexpected \(error)", file: file, line: line) }
            XCTAssertEqual(e.kind, kind, "\(e)", file: file, line: line)
            XCTAssertTrue("\(e)".contains(naming), "\(e) names \(naming)", file: file, line: line)
        }
    }

    func testEmptyMask() throws {
        let h = try NIfTIImage(path: Fixture.mask).header
        let path = Fixture.temporaryFolder() + "/empty_mask.nii.gz"
        try NIfTIWriter.write([UInt8](repeating: 0, count: h.voxelsPerVolume), shape: h.shape, affine: h.affine, to: path)
        expectError(.emptyMask, naming: path) { _ = try run(mask: path) }
    }

    func testMaskOnAnotherGrid() throws {
        let path = Fixture.temporaryFolder() + "/other_grid_mask.nii.gz"
        try NIfTIWriter.write([UInt8](repeating: 1, count: 6 * 6 * 5), shape: [6, 6, 5], affine: Affine(rows: [[8, 0, 0, -22], [0, 8, 0, -26], [0, 0, 8, -18], [0, 0, 0, 1]]), to: path)
        expectError(.gridMismatch, naming: path) { _ = try run(mask: path) }
        // same shape, shifted affine
        let h = try NIfTIImage(path: Fixture.mask).header
        var shifted = h.affine
        shifted[0, 3] += 4
        let path2 = Fixture.temporaryFolder() + "/shifted_mask.nii.gz"
        try NIfTIWriter.write([UInt8](repeating: 1, count: h.voxelsPerVolume), shape: h.shape, affine: shifted, to: path2)
        expectError(.gridMismatch, naming: path2) { _ = try run(mask: path2) }
    }

    func testThresholdAndDensityOutOfRange() {
        let bad: [(EdgeRule, String)] = [
            (EdgeRule(selection: .threshold(1)), "--threshold"),
            (EdgeRule(selection: .threshold(-1.5)), "--threshold"),
            (EdgeRule(selection: .threshold(.nan)), "--threshold"),
            (EdgeRule(selection: .threshold(-0.2), sign: .absolute), "--threshold"),
            (EdgeRule(selection: .density(0)), "--density"),
            (EdgeRule(selection: .density(1.5)), "--density"),
            (EdgeRule(selection: .density(.infinity)), "--density"),
            (EdgeRule(selection: .density(0.1), excludeRadius: -2), "--exclude-radius"),
        ]
        for (rule, option) in bad {
            expectError(.invalidParameter, naming: option) { _ = try run(mask: Fixture.mask, rule: rule) }
        }
    }

    func testEmptySeeds() throws {
        let grid = VoxelGrid(header: try NIfTIImage(path: Fixture.bold).header)
        expectError(.invalidParameter, naming: "--seed-coords") { _ = try SeedRegion.sphere(x: 500, y: 0, z: 0, radius: 4).voxels(on: grid) }
        expectError(.emptyMask, naming: Fixture.atlas) { _ = try SeedRegion.atlasLabel(path: Fixture.atlas, label: 99).voxels(on: grid) }
    }

    func testMaskOfConstantVoxelsOnly() throws {
        // the two constant voxels of the fixture (indices from the BOLD data)
        let h = try NIfTIImage(path: Fixture.mask).header
        let bold = try NIfTIImage(path: Fixture.bold)
        let mask = try Fixture.image(Fixture.mask)
        let inside = mask.indices.filter { mask[$0] != 0 }
        let series = try bold.timeSeries(voxels: inside)
        let constant = inside.indices.filter { Set(series[$0]).count == 1 }.map { inside[$0] }
        XCTAssertEqual(constant.count, 2)
        var values = [UInt8](repeating: 0, count: h.voxelsPerVolume)
        for v in constant { values[v] = 1 }
        let path = Fixture.temporaryFolder() + "/constant_mask.nii.gz"
        try NIfTIWriter.write(values, shape: h.shape, affine: h.affine, to: path)
        expectError(.emptyMask, naming: path) { _ = try run(mask: path) }
    }

    // MARK: - found by scripts/probe-readers.py

    /// A run of 2 volumes made a graph of r = +-1 for every pair (any two centred points are
    /// +-(1, -1)/sqrt(2)), written as maps; now refused naming the run (also for seed maps).
    func testTwoVolumesRefused() throws {
        let image = try NIfTIImage(path: Fixture.bold)
        let first = try image.readVolume(0), second = try image.readVolume(1)
        var shape = image.header.shape
        shape[3] = 2
        let path = Fixture.temporaryFolder() + "/sub-01_task-rest_bold.nii.gz"
        try NIfTIWriter.write(first + second, shape: shape, affine: image.header.affine, to: path, trSeconds: 2)
        let out = Fixture.temporaryFolder()
        expectError(.badInput, naming: path) {
            _ = try VoxelGraphWorkflow.voxelGraph(bold: path, mask: Fixture.mask, rule: EdgeRule(selection: .density(0.1)), cleaning: VoxelCleaning(),
                                                  outputFolder: out, command: "test")
        }
        expectError(.badInput, naming: "correlations need at least 3") {
            _ = try VoxelGraphWorkflow.seedMap(bold: path, seed: .mask(path: Fixture.mask), seedName: nil, mask: nil, cleaning: VoxelCleaning(),
                                               outputFolder: out, command: "test")
        }
        XCTAssertEqual((try? FileManager.default.contentsOfDirectory(atPath: out)) ?? [], [])
    }

    /// No usable voxel because the run is constant: the error named only the mask; it names
    /// the BOLD run too (the data, not the mask, may be what is wrong).
    func testNoUsableVoxelNamesTheRun() throws {
        let image = try NIfTIImage(path: Fixture.bold)
        let first = try image.readVolume(0)
        let path = Fixture.temporaryFolder() + "/sub-01_task-rest_bold.nii.gz"
        try NIfTIWriter.write(Array([[Float]](repeating: first, count: image.header.volumeCount).joined()), shape: image.header.shape,
                              affine: image.header.affine, to: path, trSeconds: 2)
        expectError(.emptyMask, naming: path) {
            _ = try VoxelGraphWorkflow.voxelGraph(bold: path, mask: Fixture.mask, rule: EdgeRule(selection: .density(0.1)), cleaning: VoxelCleaning(),
                                                  outputFolder: Fixture.temporaryFolder(), command: "test")
        }
    }
}
