import LinearAlgebra
@testable import ShapeMetrics
import XCTest

/// `StochasticROILayerDistances`: how unequal widths, deterministic layers and unequal sample
/// counts are handled (the pipeline's stochastic shape stage; its values against netrep are in
/// CLITests' StochasticShapePipelineTests).
final class StochasticROILayerTests: XCTestCase {
    func representation(_ label: String, conditions: Int = 4, samples: Int?, units: Int, seed: UInt64) throws -> ShapeRepresentation {
        var rng = SeededGenerator(seed: seed)
        return try ShapeRepresentation(label: label, conditions: conditions, samples: samples, units: units,
                                       values: rng.normals(conditions * (samples ?? 1) * units))
    }

    /// netrep's rule for unequal widths: the narrower side padded with zero units. Over the
    /// orthogonal group the stage fits in span coordinates; at alpha 2 (means only) the optimum
    /// is a closed form (polar factor), so both routes must give the same number.
    func testZeroPaddingAndSpanCoordinatesGiveTheExplicitlyPaddedDistance() throws {
        let roi = try representation("roi", samples: 3, units: 30, seed: 1)
        let layer = try representation("layer", samples: 5, units: 7, seed: 2)
        let settings = ShapeSettings(alpha: 2)
        let r = try StochasticROILayerDistances.compute(.gaussian, settings, rois: [roi], layers: [layer])
        let direct = try ShapeComparison.distance(.gaussian, settings, roi, layer.zeroPadded(to: 30))
        XCTAssertEqual(r.table.distances[0, 0], direct.distance, accuracy: 1e-10 * direct.distance)
        XCTAssertEqual(r.pairs[0].width, 30)
        // the padded units are zeros and the span coordinates keep every pairwise distance
        let padded = layer.zeroPadded(to: 9)
        XCTAssertEqual(padded.values[7], 0); XCTAssertEqual(padded.values[9], layer.values[7])
        let span = try roi.spanCoordinates()
        XCTAssertEqual(span.units, 12)
        func gram(_ v: [Double], _ n: Int) -> [Double] {
            let rows = v.count / n
            return (0..<rows * rows).map { k in (0..<n).reduce(0) { $0 + v[(k / rows) * n + $1] * v[(k % rows) * n + $1] } }
        }
        for (a, b) in zip(gram(span.values, 12), gram(roi.values, 30)) { XCTAssertEqual(a, b, accuracy: 1e-10 * max(1, abs(b))) }
    }

    /// A deterministic layer is one point per condition: zero covariances for the Gaussian
    /// metric; the energy metric (netrep asserts equal shapes) refuses it and unequal counts.
    func testDeterministicLayersAndUnequalSampleCounts() throws {
        let roi = try representation("V1", samples: 3, units: 6, seed: 3)
        let layer = try representation("net:layer1", samples: nil, units: 6, seed: 4)
        let s = ShapeSettings(alpha: 1, group: .identity)
        let d = try StochasticROILayerDistances.compute(.gaussian, s, rois: [roi], layers: [layer]).table.distances[0, 0]
        let metric = try GaussianMetric(alpha: 1, group: .identity)
        let zero = Matrix<Double>(rows: 6, columns: 6)
        let expected = try metric.compare(metric.prepare(roi), metric.prepare(label: "l", means: layer.conditionMatrix, covariances: Array(repeating: zero, count: 4)))
        XCTAssertEqual(d, expected.distance, accuracy: 1e-12)
        // d^2 = mean ||mx - my||^2 + mean tr(cx): the Bures distance to a point mass
        let mx = roi.conditionMatrix, my = layer.conditionMatrix
        var d2 = (mx - my).squaredNorm / 4
        let p = try metric.prepare(roi)
        d2 += p.traces.reduce(0, +) / 4
        XCTAssertEqual(d * d, d2, accuracy: 1e-10 * d2)
        XCTAssertThrowsError(try StochasticROILayerDistances.compute(.energy, ShapeSettings(), rois: [roi], layers: [layer])) {
            XCTAssertTrue("\($0)".contains("net:layer1 has no samples axis (deterministic)"), "\($0)")
        }
        let five = try representation("net:layer2", samples: 5, units: 6, seed: 5)
        XCTAssertThrowsError(try StochasticROILayerDistances.compute(.energy, ShapeSettings(), rois: [roi], layers: [five])) {
            XCTAssertTrue("\($0)".contains("V1 has 3, net:layer2 has 5"), "\($0)")
        }
        // the Gaussian metric takes (means, covariances): different counts are fine
        XCTAssertNoThrow(try StochasticROILayerDistances.compute(.gaussian, ShapeSettings(), rois: [roi], layers: [five]))
        // the brain side needs samples
        XCTAssertThrowsError(try StochasticROILayerDistances.compute(.gaussian, ShapeSettings(), rois: [layer], layers: [roi]))
    }

    /// `pca(k)`: every representation reduced to k components first (then equal widths).
    func testPCAWidthsReduceEveryRepresentation() throws {
        let roi = try representation("roi", samples: 3, units: 30, seed: 6)
        let layer = try representation("layer", samples: 3, units: 7, seed: 7)
        let r = try StochasticROILayerDistances.compute(.energy, ShapeSettings(), rois: [roi], layers: [layer], widths: .pca(components: 5))
        XCTAssertEqual(r.pairs[0].width, 5)
        let direct = try ShapeComparison.distance(.energy, ShapeSettings(), roi.principalComponents(5), layer.principalComponents(5))
        XCTAssertEqual(r.table.distances[0, 0], direct.distance, accuracy: 1e-9)
        XCTAssertThrowsError(try StochasticROILayerDistances.compute(.energy, ShapeSettings(), rois: [roi], layers: [layer], widths: .pca(components: 8))) {
            XCTAssertTrue("\($0)".contains("cannot keep 8 components"), "\($0)")
        }
    }
}
