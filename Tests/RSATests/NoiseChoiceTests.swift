import LinearAlgebra
import RSA
import XCTest

/// The noise model `neurorep rdm` uses for Mahalanobis and crossnobis RDMs (one policy for
/// every caller): none for other methods and single-run data, shrinkage_diag from the
/// measurements with two runs or more, an unknown estimator an error.
final class NoiseChoiceTests: XCTestCase {
    func testPolicy() throws {
        var g = SeededGenerator(seed: 3)
        let one = try PatternSet(runs: 1, conditions: 4, channels: 3, values: g.normals(12))
        let two = try PatternSet(runs: 2, conditions: 4, channels: 3, values: g.normals(24))
        XCTAssertEqual(try NoiseChoice.resolve(method: .euclidean, patterns: two, precisionFile: nil, residualsFile: nil, estimator: nil).description, "none")
        XCTAssertNil(try NoiseChoice.resolve(method: .mahalanobis, patterns: one, precisionFile: nil, residualsFile: nil, estimator: nil).model)
        let c = try NoiseChoice.resolve(method: .crossnobis, patterns: two, precisionFile: nil, residualsFile: nil, estimator: nil)
        XCTAssertEqual(c.description, "measurements, shrinkage_diag")
        XCTAssertNotNil(c.model)
        XCTAssertThrowsError(try NoiseChoice.resolve(method: .mahalanobis, patterns: two, precisionFile: nil, residualsFile: nil, estimator: "shrinkage"))
    }
}
