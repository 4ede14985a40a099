import LinearAlgebra
@testable import ShapeMetrics
import XCTest

/// `ConditionSamples`: ROIs whose conditions have different numbers of samples (trials) in
/// `StochasticROILayerDistances` (netrep's values for them are in CLITests'
/// StochasticShapePipelineTests.testUnequalTrialCountsGaussianEqualsNetrep).
final class ConditionSamplesTests: XCTestCase {
    func ragged(_ label: String, counts: [Int], units: Int, seed: UInt64) throws -> ConditionSamples {
        var rng = SeededGenerator(seed: seed)
        return try ConditionSamples(label: label, counts: counts, units: units, values: rng.normals(counts.reduce(0, +) * units))
    }

    /// Equal counts take the `conditions x samples x units` route: the same bits.
    func testEqualCountsGiveTheSameBitsAsTheSamplesAxis() throws {
        var rng = SeededGenerator(seed: 11)
        let roi = try ShapeRepresentation(label: "V1", conditions: 4, samples: 3, units: 9, values: rng.normals(4 * 3 * 9))
        let layer = try ShapeRepresentation(label: "net", conditions: 4, samples: 5, units: 6, values: rng.normals(4 * 5 * 6))
        let s = ShapeSettings(alpha: 1, group: .orthogonal, restarts: 2)
        let a = try StochasticROILayerDistances.compute(.gaussian, s, rois: [roi], layers: [layer], normalize: true)
        let b = try StochasticROILayerDistances.compute(.gaussian, s, rois: [ConditionSamples(roi)], layers: [layer], normalize: true)
        XCTAssertEqual(a.table.distances[0, 0].bitPattern, b.table.distances[0, 0].bitPattern)
        // the ragged moments of equal counts are GaussianMetric.prepare's, bit for bit
        let metric = try GaussianMetric(alpha: 1)
        let p = try metric.prepare(roi), q = try ConditionSamples(roi).gaussianMoments(metric)
        XCTAssertEqual(p.means.elements, q.means.elements)
        XCTAssertEqual(p.traces, q.traces)
    }

    /// Unequal counts: each condition's mean and covariance (1/(n_i - 1)) from its own samples,
    /// checked against the moments computed here directly; energy refused naming the counts.
    func testUnequalCountsUseEachConditionsOwnMoments() throws {
        // more samples than units: full-rank covariances (square roots of rank-deficient ones
        // amplify rounding of the zero eigenvalues to ~sqrt(eps))
        let roi = try ragged("V1", counts: [6, 8, 5], units: 4, seed: 12)
        var rng = SeededGenerator(seed: 13)
        let layer = try ShapeRepresentation(label: "net", conditions: 3, samples: 4, units: 4, values: rng.normals(3 * 4 * 4))
        let s = ShapeSettings(alpha: 1, group: .identity)
        let d = try StochasticROILayerDistances.compute(.gaussian, s, rois: [roi], layers: [layer]).table.distances[0, 0]
        // independent moments: loops over each condition's rows
        var means = Matrix<Double>(rows: 3, columns: 4), covs: [Matrix<Double>] = []
        var start = 0
        for (i, n) in roi.counts.enumerated() {
            let rows = (start..<(start + n)).map { r in (0..<4).map { roi.values[r * 4 + $0] } }
            for j in 0..<4 { means[i, j] = rows.map { $0[j] }.reduce(0, +) / Double(n) }
            covs.append(Matrix(rows: 4, columns: 4) { a, b in rows.map { ($0[a] - means[i, a]) * ($0[b] - means[i, b]) }.reduce(0, +) / Double(n - 1) })
            start += n
        }
        let metric = try GaussianMetric(alpha: 1, group: .identity)
        let want = try metric.compare(metric.prepare(label: "V1", means: means, covariances: covs), metric.prepare(layer)).distance
        XCTAssertEqual(d, want, accuracy: 1e-11 * want)
        // with equal-count grouping (first 5 of every condition) the distance differs: the test can fail
        XCTAssertNotEqual(d, try StochasticROILayerDistances.compute(.gaussian, s, rois: [ragged("V1", counts: [5, 5, 5], units: 4, seed: 12)], layers: [layer]).table.distances[0, 0])
        XCTAssertThrowsError(try StochasticROILayerDistances.compute(.energy, ShapeSettings(), rois: [roi], layers: [layer])) {
            XCTAssertTrue("\($0)".contains("V1 has 6 in condition 0, 8 in condition 1, 5 in condition 2"), "\($0)")
        }
        // a covariance needs 2 samples
        XCTAssertThrowsError(try StochasticROILayerDistances.compute(.gaussian, s, rois: [ragged("V2", counts: [3, 1, 2], units: 4, seed: 14)], layers: [layer])) {
            XCTAssertTrue("\($0)".contains("at least 2 samples per condition") && "\($0)".contains("condition 1 has 1"), "\($0)")
        }
    }
}
