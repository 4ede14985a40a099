import Foundation
import LinearAlgebra
@testable import ShapeMetrics
import XCTest

/// Issue 12, finding 11: `shape --metric linear` on an all-zero, constant or one-row
/// representation returned pi with `converged: true`. netrep's LinearMetric divides 0 by 0
/// there (NaN) and CKA refuses it; the angular score now refuses it with the representation's
/// name, for the linear and permutation metrics alike. The euclidean score stays defined.
final class DegenerateRepresentationTests: XCTestCase {
    let y = try! ShapeRepresentation(label: "y", conditions: 4, units: 3,
                                     values: [1, 0, 2, 3, 1, 0, 0, 2, 5, 4, 4, 1])

    func degenerate() throws -> [(String, ShapeRepresentation)] {
        [("all zero", try ShapeRepresentation(label: "zeros", conditions: 4, units: 3, values: [Double](repeating: 0, count: 12))),
         ("every unit is constant", try ShapeRepresentation(label: "constant", conditions: 4, units: 3, values: [Double](repeating: 0.1, count: 12))),
         ("single condition", try ShapeRepresentation(label: "one-row", conditions: 1, units: 3, values: [1, 2, 3]))]
    }

    func testAngularLinearMetricRefusesARepresentationWithoutVariance() throws {
        for alpha in [0.0, 0.5, 1.0] {
            let metric = try LinearMetric(alpha: alpha)
            for (why, r) in try degenerate() {
                XCTAssertThrowsError(try metric.prepare(r)) { e in
                    XCTAssertTrue("\(e)".hasPrefix("\(r.label): no variance after centring") && "\(e)".contains(why), "\(e)")
                }
            }
        }
    }

    func testAngularPermutationMetricRefusesItToo() throws {
        for (_, r) in try degenerate() {
            XCTAssertThrowsError(try PermutationMetric().prepare(r)) { e in XCTAssertTrue("\(e)".contains("no variance"), "\(e)") }
        }
    }

    /// Euclidean: the distance of a zero representation to y is ||y_centred|| (Procrustes), as netrep computes it.
    func testEuclideanScoreStaysDefined() throws {
        let metric = try LinearMetric(alpha: 1, score: .euclidean)
        let zeros = try degenerate()[0].1
        let d = try metric.compare(try metric.prepare(zeros), try metric.prepare(y)).distance
        let centred = y.conditionMatrix.subtractingRow(y.conditionMatrix.columnMeans)
        XCTAssertEqual(d, centred.elements.reduce(0) { $0 + $1 * $1 }.squareRoot(), accuracy: 1e-12)
    }

    /// A pairwise matrix with one such layer fails as a whole, naming the layer.
    func testPairwiseMatrixNamesTheDegenerateLayer() throws {
        let zeros = try degenerate()[0].1
        XCTAssertThrowsError(try PairwiseShapeDistances.compute(try LinearMetric(), [y, zeros, y])) { e in
            XCTAssertTrue("\(e)".hasPrefix("zeros: no variance"), "\(e)")
        }
    }

    /// Nearly constant but really varying data is still compared.
    func testSmallButRealVarianceIsCompared() throws {
        let tiny = try ShapeRepresentation(label: "tiny", conditions: 4, units: 3, values: y.values.map { 1 + 1e-9 * $0 })
        let metric = try LinearMetric()
        let d = try metric.compare(try metric.prepare(tiny), try metric.prepare(y)).distance
        XCTAssertEqual(d, 0, accuracy: 1e-6)
    }
}
