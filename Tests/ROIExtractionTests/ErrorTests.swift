import Foundation
import NIfTI
import ROIExtraction
import TestSupport
import XCTest

/// Bad input: a clear, typed error naming the file, or a NaN column with a warning.
final class ErrorTests: XCTestCase {
    /// A small BOLD: 4x4x4, 10 volumes; label 1 = x < 2 (varying), label 2 = x >= 2.
    private func makeBOLD(_ dir: String, name: String = "bold.nii", _ value: (Int, Int, Int, Int) -> Float) throws -> String {
        var data = [Float](repeating: 0, count: 4 * 4 * 4 * 10)
        for t in 0..<10 { for k in 0..<4 { for j in 0..<4 { for i in 0..<4 {
            data[i + 4 * (j + 4 * (k + 4 * t))] = value(i, j, k, t)
        } } } }
        let path = dir + "/" + name
        try NIfTIWriter.write(data, shape: [4, 4, 4, 10], affine: .identity, to: path, trSeconds: 2)
        return path
    }

    private func makeAtlas(_ dir: String, affine: Affine = .identity) throws -> String {
        var labels = [Int16](repeating: 0, count: 64)
        for k in 0..<4 { for j in 0..<4 { for i in 0..<4 { labels[i + 4 * (j + 4 * k)] = i < 2 ? 1 : 2 } } }
        let path = dir + "/atlas.nii"
        try NIfTIWriter.write(labels, shape: [4, 4, 4], affine: affine, to: path)
        return path
    }

    func testThreeDimensionalBOLDIsRejected() throws {
        let dir = try Fixtures.temporaryFolder()
        let atlas = try makeAtlas(dir)
        XCTAssertThrowsError(try LabelsMasker(atlasPath: atlas).extract(boldPath: atlas)) { e in
            let err = e as? ROIExtractionError
            XCTAssertEqual(err?.kind, .notATimeSeries)
            XCTAssertEqual(err?.path, atlas)
            XCTAssertTrue("\(e)".contains("3D"))
        }
    }

    func testAtlasOutsideTheBOLDFieldOfViewIsRejected() throws {
        let dir = try Fixtures.temporaryFolder()
        let bold = try makeBOLD(dir) { i, _, _, t in Float(i * 10 + t) }
        var far = Affine.identity
        far[0, 3] = 500
        let atlas = try makeAtlas(dir, affine: far)
        XCTAssertThrowsError(try LabelsMasker(atlasPath: atlas).extract(boldPath: bold)) { e in
            XCTAssertEqual((e as? ROIExtractionError)?.kind, .noOverlap)
            XCTAssertTrue("\(e)".contains(bold) && "\(e)".contains(atlas))
        }
    }

    /// An atlas shifted by 2 voxels: label 1 falls off the BOLD grid and is reported.
    func testLabelLostByResamplingIsReported() throws {
        let dir = try Fixtures.temporaryFolder()
        let bold = try makeBOLD(dir) { i, j, _, t in Float(i * 10 + j + t * t) }
        var shifted = Affine.identity
        shifted[0, 3] = -2
        let ts = try LabelsMasker(atlasPath: try makeAtlas(dir, affine: shifted)).extract(boldPath: bold)
        XCTAssertEqual(ts.labels, [2])
        XCTAssertEqual(ts.lostLabels, [1])
        XCTAssertTrue(ts.warnings.contains { $0.contains("after nearest-neighbour resampling") })
        // Label 2 now covers x = 0, 1 of the BOLD grid: mean of i*10 + j over i in {0,1}, j in 0..<4.
        XCTAssertEqual(ts.column(0)[3], 5 + 1.5 + 9, accuracy: 1e-12)
    }

    func testZeroVarianceRegionBecomesNaNWithWarning() throws {
        let dir = try Fixtures.temporaryFolder()
        let bold = try makeBOLD(dir) { i, j, _, t in i < 2 ? 7 : Float(j + t) }
        let ts = try LabelsMasker(atlasPath: try makeAtlas(dir)).extract(boldPath: bold)
        XCTAssertEqual(ts.nanColumns, [0])
        XCTAssertTrue(ts.column(0).allSatisfy(\.isNaN))
        XCTAssertEqual(ts.coverage[0], 0)
        XCTAssertEqual(ts.coverage[1], 1)
        XCTAssertTrue(ts.warnings.contains { $0.contains("zero variance") })
        XCTAssertEqual(ts.column(1), (0..<10).map { 1.5 + Double($0) })
    }

    /// NaN policies: zero (nilearn), omit, error.
    func testNonFiniteValuesFollowThePolicy() throws {
        let dir = try Fixtures.temporaryFolder()
        // Voxel (0,0,0) is NaN in volume 3 only.
        let bold = try makeBOLD(dir) { i, j, k, t in (i, j, k, t) == (0, 0, 0, 3) ? .nan : Float(i + j + k + t) }
        let atlas = try makeAtlas(dir)
        let zero = try LabelsMasker(atlasPath: atlas).extract(boldPath: bold)
        // Label 1: 32 voxels, mean of i + j + k + t = 0.5 + 1.5 + 1.5 + t; the NaN voxel had value 3.
        XCTAssertEqual(zero.column(0)[3], (3.5 + 3) - 3.0 / 32, accuracy: 1e-12)
        XCTAssertEqual(zero.coverage[0], 31.0 / 32)
        XCTAssertTrue(zero.warnings.contains { $0.contains("non-finite") })
        let omit = try LabelsMasker(atlasPath: atlas, options: .init(nonFinite: .omit)).extract(boldPath: bold)
        XCTAssertEqual(omit.column(0)[3], (6.5 * 32 - 3) / 31, accuracy: 1e-12)
        XCTAssertEqual(omit.column(0)[2], 5.5, accuracy: 1e-12)
        XCTAssertThrowsError(try LabelsMasker(atlasPath: atlas, options: .init(nonFinite: .error)).extract(boldPath: bold)) { e in
            XCTAssertEqual((e as? ROIExtractionError)?.kind, .nonFiniteData)
            XCTAssertTrue("\(e)".contains("(0, 0, 0), volume 3"))
        }
    }

    /// A gzip stream cut short: the background reader's error reaches the caller (no hang, no
    /// partial result).
    func testTruncatedBOLDIsRejected() throws {
        let dir = try Fixtures.temporaryFolder()
        let cut = dir + "/sub-01_bold.nii.gz"
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("sub-01_bold.nii.gz")))
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: cut))
        for masker in [try LabelsMasker(atlasPath: Fixtures.path("atlas.nii.gz"))] {
            XCTAssertThrowsError(try masker.extract(boldPath: cut)) { e in
                XCTAssertEqual((e as? NIfTIError)?.kind, .corruptCompression, "\(e)")
                XCTAssertTrue("\(e)".contains(cut))
            }
        }
        XCTAssertThrowsError(try MapsMasker(mapsPath: Fixtures.path("maps.nii.gz")).extract(boldPath: cut))
    }

    /// Issue 12, finding 4: a BOLD .nii.gz whose header claims a 1000 x 1000 x 200 grid (200 MB
    /// a volume in uint8, deflate could hold it in 1 MB) but whose stream ends after 1 MB fails
    /// before the atlas is resampled onto that grid (1.6 GB of float64) or a ring of volumes is
    /// allocated.
    func testBOLDClaimingMoreThanItsGzipHoldsFailsBeforeAllocatingItsGrid() throws {
        let dir = try Fixtures.temporaryFolder()
        // the header of a small BOLD written here, re-dimensioned
        let small = try makeBOLD(dir) { _, _, _, t in Float(t) }
        var h = Array(try Data(contentsOf: URL(fileURLWithPath: small)).prefix(352))
        func put16(_ at: Int, _ v: Int) { h[at] = UInt8(v & 0xff); h[at + 1] = UInt8((v >> 8) & 0xff) }
        put16(40, 4); put16(42, 1000); put16(44, 1000); put16(46, 200); put16(48, 3)
        put16(70, 2); put16(72, 8)   // uint8
        let payload = h + [UInt8](repeating: 1, count: 1 << 20)
        var gz: [UInt8] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]   // stored blocks, stream cut short
        for start in stride(from: 0, to: payload.count, by: 65535) {
            let n = min(65535, payload.count - start)
            gz += [0, UInt8(n & 0xff), UInt8(n >> 8), UInt8(~n & 0xff), UInt8((~n >> 8) & 0xff)] + payload[start..<(start + n)]
        }
        let bold = dir + "/sub-01_task-x_bold.nii.gz"
        try Data(gz).write(to: URL(fileURLWithPath: bold))
        let before = resetPeakResidentBytes()
        XCTAssertThrowsError(try LabelsMasker(atlasPath: try makeAtlas(dir)).extract(boldPath: bold)) { e in
            XCTAssertEqual((e as? NIfTIError)?.kind, .corruptCompression, "\(e)")
            XCTAssertTrue("\(e)".contains(bold) && "\(e)".contains("truncated gzip data"), "\(e)")
        }
        XCTAssertThrowsError(try MapsMasker(mapsPath: Fixtures.path("maps.nii.gz")).extract(boldPath: bold))
        // nothing of the claimed size was touched (the claim is 600 MB of uint8, 1.6 GB a volume in float64)
        XCTAssertLessThan(peakResidentBytes() - before, 64 << 20)
    }

    /// Resets the kernel's peak-RSS mark (`/proc/self/clear_refs`, 5) and returns the current
    /// resident memory (Linux; 0 elsewhere, where the check is void).
    private func resetPeakResidentBytes() -> Int {
        if let fh = FileHandle(forWritingAtPath: "/proc/self/clear_refs") { try? fh.write(contentsOf: Data("5".utf8)); try? fh.close() }
        return status("VmRSS:")
    }

    /// Peak resident memory since the last reset (VmHWM).
    private func peakResidentBytes() -> Int { status("VmHWM:") }

    private func status(_ key: String) -> Int {
        guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = s.split(separator: "\n").first(where: { $0.hasPrefix(key) }),
              let kb = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") else { return 0 }
        return kb * 1024
    }

    func testLookupTableWithoutNameColumnIsRejected() throws {
        let dir = try Fixtures.temporaryFolder()
        let lut = dir + "/bad.tsv"
        try "index\tlabel\n1\ta\n".write(toFile: lut, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try LabelLookup.read(path: lut)) { e in
            XCTAssertEqual((e as? ROIExtractionError)?.kind, .badLookupTable)
        }
    }
}
