import Foundation
import NIfTI
import XCTest
@testable import VoxelGraph

/// The group mean of per-run maps: runs of a subject averaged first, then subjects, on one grid.
final class GroupMeanMapTests: XCTestCase {
    let affine = Affine(rows: [[2, 0, 0, -3], [0, 2, 0, -4], [0, 0, 2, -5], [0, 0, 0, 1]])

    func write(_ values: [Double], _ name: String, in dir: String, shape: [Int] = [2, 3, 2], affine: Affine? = nil) throws -> String {
        let path = dir + "/" + name
        try NIfTIWriter.write(values, shape: shape, affine: affine ?? self.affine, to: path)
        return path
    }

    func testSubjectsWeighEquallyWhateverTheirRunCount() throws {
        let dir = Fixture.temporaryFolder()
        let a1 = (0..<12).map { Double($0) }, a2 = (0..<12).map { Double($0) * 3 + 0.25 }, b = (0..<12).map { -Double($0 * $0) / 7 }
        let r = try GroupMeanMap.mean([(subject: "A", paths: [try write(a1, "a1.nii.gz", in: dir), try write(a2, "a2.nii.gz", in: dir)]),
                                       (subject: "B", paths: [try write(b, "b.nii.gz", in: dir)])])
        XCTAssertEqual(r.subjects, 2)
        XCTAssertEqual(r.runs, 3)
        XCTAssertEqual(r.grid.shape, [2, 3, 2])
        for i in 0..<12 {
            let expected = ((a1[i] + a2[i]) / 2 + b[i]) / 2   // not (a1 + a2 + b) / 3
            XCTAssertEqual(r.values[i], expected, accuracy: 1e-12)
        }
    }

    func testAMapOnAnotherGridIsRefusedNamingIt() throws {
        let dir = Fixture.temporaryFolder()
        let first = try write([Double](repeating: 1, count: 12), "first.nii.gz", in: dir)
        let shifted = Affine(rows: [[2, 0, 0, -1], [0, 2, 0, -4], [0, 0, 2, -5], [0, 0, 0, 1]])
        let cases = [try write([Double](repeating: 1, count: 12), "moved.nii.gz", in: dir, affine: shifted),
                     try write([Double](repeating: 1, count: 18), "bigger.nii.gz", in: dir, shape: [3, 3, 2])]
        for other in cases {
            XCTAssertThrowsError(try GroupMeanMap.mean([(subject: "01", paths: [first]), (subject: "02", paths: [other])])) { e in
                guard let v = e as? VoxelGraphError else { return XCTFail("\(e)") }
                XCTAssertEqual(v.kind, .gridMismatch)
                XCTAssertTrue("\(v)".hasPrefix(other + ": sub-02's map is on another grid"), "\(v)")
                XCTAssertTrue("\(v)".contains(first), "\(v)")
            }
        }
        XCTAssertThrowsError(try GroupMeanMap.mean([]))
    }
}
