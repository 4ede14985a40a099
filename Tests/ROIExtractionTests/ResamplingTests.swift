import ArrayFiles
import NIfTI
import ROIExtraction
import TestSupport
import XCTest

/// Nearest-neighbour resampling: scipy's rules (general affine path, rounding at ties, the
/// constant border) against nilearn `resample_img` and hand-computed cases.
final class ResamplingTests: XCTestCase {
    /// An oblique, zoomed and shifted atlas takes scipy's general (non-diagonal) path.
    func testObliqueAtlasResamplingMatchesNilearnExactly() throws {
        let bold = try NIfTIImage(path: Fixtures.path("sub-01_bold.nii.gz"))
        let atlas = try Volume3D.read(path: Fixtures.path("atlas_oblique.nii.gz"), role: "atlas")
        let onGrid = try NearestNeighbourResampling.resample(atlas, onto: VoxelGrid(header: bold.header))
        let r = try Fixtures.npy("ref_oblique_resampled.npy").doubles
        var mismatches = 0
        for i in 0..<30 { for j in 0..<36 { for k in 0..<30 where onGrid.values[i + 30 * (j + 36 * k)] != r[(i * 36 + j) * 30 + k] {
            mismatches += 1
        } } }
        XCTAssertEqual(mismatches, 0)
        let ts = try LabelsMasker(atlas: atlas).extract(bold: bold)
        let ref = try Fixtures.npy("ref_oblique_raw.npy").doubles
        // A region that lands only outside the brain is constant (0) in nilearn; NeuroRep makes
        // it a NaN column with a warning (deliberate, README). Every other column matches.
        XCTAssertFalse(ts.nanColumns.isEmpty)
        for c in 0..<ts.regions {
            let refColumn = (0..<ts.volumes).map { ref[$0 * ts.regions + c] }
            if ts.nanColumns.contains(c) {
                XCTAssertTrue(refColumn.allSatisfy { $0 == refColumn[0] }, "column \(c) is constant in nilearn")
                XCTAssertEqual(ts.coverage[c], 0)
            } else {
                assertScaledClose(ts.column(c), refColumn, tol: 1e-9, "oblique atlas column \(c)")
            }
        }
    }

    /// scipy order 0: `floor(c + 0.5)` (ties round up); coordinates outside [0, n-1] give 0.
    /// Source 4x1x1 with values 1...4, target shifted by -0.5 / +0.5 / -0.6 voxel along x.
    func testTiesRoundUpAndBordersAreConstant() throws {
        let src = Volume3D(grid: VoxelGrid(nx: 4, ny: 1, nz: 1, affine: .identity), values: [1, 2, 3, 4], source: "src")
        func shifted(_ dx: Double) throws -> [Double] {
            var a = Affine.identity
            a[0, 3] = dx
            return try NearestNeighbourResampling.resample(src, onto: VoxelGrid(nx: 4, ny: 1, nz: 1, affine: a)).values
        }
        // Values checked against scipy.ndimage.affine_transform(a, [1.0], offset=dx, order=0).
        XCTAssertEqual(try shifted(-0.6), [0, 1, 2, 3])
        XCTAssertEqual(try shifted(-0.5), [0, 2, 3, 4])
        XCTAssertEqual(try shifted(0.5), [2, 3, 4, 0])
        XCTAssertEqual(try shifted(2.6), [4, 0, 0, 0])
    }

    /// Issue 12, finding 3: an srow of 3.4e38 (finite, so nibabel and NeuroRep read it) used to
    /// trap in `VoxelGrid.summary` ("Double value cannot be converted to Int") when a message
    /// described the grid. Resampling and every message on such grids end in values or errors.
    func testHugeAffinesGiveMessagesNotTraps() throws {
        var huge = Affine.identity
        huge[0, 0] = 3.4e38
        let grid = VoxelGrid(nx: 4, ny: 3, nz: 2, affine: huge)
        XCTAssertEqual(grid.summary, "4x3x2, 3.4e+38x1x1 mm")
        var overflowing = Affine.identity
        overflowing[0, 0] = 1e200   // its square overflows: the column norm is inf
        XCTAssertEqual(VoxelGrid(nx: 1, ny: 1, nz: 1, affine: overflowing).summary, "1x1x1, infx1x1 mm")
        let src = Volume3D(grid: grid, values: (0..<24).map(Double.init), source: "huge")
        let target = VoxelGrid(nx: 4, ny: 3, nz: 2, affine: .identity)
        if let out = try? NearestNeighbourResampling.resample(src, onto: target) {
            XCTAssertEqual(out.values.count, 24)
        }
        let back = Volume3D(grid: target, values: (0..<24).map(Double.init), source: "unit")
        if let out = try? NearestNeighbourResampling.resample(back, onto: grid) {
            XCTAssertEqual(out.values.count, 24)
        }
    }
}
