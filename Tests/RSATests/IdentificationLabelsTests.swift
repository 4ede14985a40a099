import Foundation
import RSA
import XCTest

/// `trsa identify --labels`: labels that are not integers are an error naming the file and row
/// (they used to trap converting NaN or 1e300 to Int).
final class IdentificationLabelsTests: XCTestCase {
    func testLabelsMustBeIntegers() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("labels-\(UUID()).tsv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "subject\tregion\n1\t2\n3.0\t4\n".write(toFile: path, atomically: true, encoding: .utf8)
        let l = try Identification.labels(tsv: path)
        XCTAssertEqual(l.subjects, [1, 3])
        XCTAssertEqual(l.regions, [2, 4])
        for bad in ["nan", "1e300", "2.5", "inf", "x"] {
            try "subject\tregion\n1\t2\n\(bad)\t4\n".write(toFile: path, atomically: true, encoding: .utf8)
            XCTAssertThrowsError(try Identification.labels(tsv: path)) {
                XCTAssertTrue("\($0)".contains("row 3: subject '\(bad)' is not an integer label"), "\($0)")
            }
        }
    }
}
