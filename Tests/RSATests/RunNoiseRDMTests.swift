import LinearAlgebra
import RSA
import TestSupport
import XCTest

/// Mahalanobis and crossnobis with one noise covariance per run, against rsatoolbox 0.3.2 given a
/// list of per-run precisions (`make_runnoise_refs.py`), and consistent with the one-precision
/// leave-one-run-out crossnobis when every run has the same noise.
final class RunNoiseRDMTests: XCTestCase {
    func first20() throws -> PatternSet {
        let full = try Fixtures.patterns("patterns_A.npy")
        var v: [Double] = []
        for row in 0..<(full.runs * full.conditions) { v += full.values[(row * 50)..<(row * 50 + 20)] }
        return try PatternSet(runs: 4, conditions: 12, channels: 20, values: v)
    }

    func testAgainstRsatoolboxWithAListOfRunPrecisions() throws {
        let x = try first20()
        let refs = try JSONValue.load(Bundle.module.resourceURL!.appendingPathComponent("Fixtures/runnoise_refs.json").path)
        let dof = try XCTUnwrap(refs["dof"].int)
        let residuals = refs["residuals"].array.map { Matrix<Double>(rows: 30, columns: 20, elements: $0.doubles) }
        XCTAssertEqual(residuals.count, 4)
        for method in NoiseEstimator.allCases {
            let covariances = try residuals.map { try NoisePrecision.covarianceFromResiduals($0, dof: dof, method: method) }
            let c = try RunNoiseRDM.crossnobis(x, runCovariances: covariances)
            // rsatoolbox inverts each precision back to a covariance, then the pair's mean again
            assertAllClose(c.dissimilarities, refs["crossnobis_\(method.rawValue)"].doubles, rel: 1e-9, abs: 1e-12, "crossnobis \(method.rawValue)")
            let m = try RunNoiseRDM.mahalanobis(x, runCovariances: covariances)
            assertAllClose(m.dissimilarities, refs["mahalanobis_\(method.rawValue)"].doubles, rel: 1e-9, abs: 1e-12, "mahalanobis \(method.rawValue)")
        }
    }

    func testTheSameNoiseInEveryRunIsTheLeaveOneRunOutCrossnobis() throws {
        let x = try first20()
        var s = Matrix<Double>.identity(20)
        for i in 0..<20 { for j in 0..<20 { s[i, j] += i == j ? Double(i) / 10 : 0.05 } }
        let pairs = try RunNoiseRDM.crossnobis(x, runCovariances: Array(repeating: s, count: 4))
        let loo = try RDMCalculator.compute(x, method: .crossnobis, options: RDMOptions(noise: .full(try s.inverse())))
        assertAllClose(pairs.dissimilarities, loo.dissimilarities, rel: 1e-10, abs: 1e-13, "pairs of runs vs leave one run out")
        let m = try RunNoiseRDM.mahalanobis(x, runCovariances: Array(repeating: s, count: 4))
        let one = try RDMCalculator.compute(x, method: .mahalanobis, options: RDMOptions(noise: .full(try s.inverse())))
        assertAllClose(m.dissimilarities, one.dissimilarities, rel: 1e-10, abs: 1e-13, "mahalanobis")
    }

    func testBadShapesAreErrors() throws {
        let x = try first20()
        XCTAssertThrowsError(try RunNoiseRDM.crossnobis(x, runCovariances: [Matrix.identity(20)])) { XCTAssertTrue("\($0)".contains("1 noise covariances for 4 runs"), "\($0)") }
        XCTAssertThrowsError(try RunNoiseRDM.mahalanobis(x, runCovariances: Array(repeating: Matrix.identity(3), count: 4))) { XCTAssertTrue("\($0)".contains("3x3"), "\($0)") }
        let one = try PatternSet(runs: 1, conditions: 3, channels: 2, values: [1, 2, 3, 4, 5, 6])
        XCTAssertThrowsError(try RunNoiseRDM.crossnobis(one, runCovariances: [Matrix.identity(2)])) { XCTAssertTrue("\($0)".contains("at least 2 runs"), "\($0)") }
        XCTAssertEqual(try x.selectingChannels([3, 1]).values[0..<2], [x.values[3], x.values[1]])
        XCTAssertThrowsError(try x.selectingChannels([20]))
    }
}
