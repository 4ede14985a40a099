import LinearAlgebra
@testable import ShapeMetrics
import XCTest

/// LinearMetric's pair routes (`ProductNuclearNorm`): the Gram-eigenvalue route must be taken
/// on well-conditioned data and agree with the singular-value route to 1e-10, rank-deficient
/// inputs must be truncated in `prepare`, and ill-conditioned pairs must fall back.
final class ProcrustesRoutesTests: XCTestCase {
    /// The Procrustes distance straight from the definition: `||Xc' Yc||_*` by gesvd.
    func reference(_ x: Matrix<Double>, _ y: Matrix<Double>, _ score: ScoreMethod) throws -> Double {
        let xc = x.columnCentered, yc = y.columnCentered
        let nuc = try xc.multiplied(by: yc, transposeSelf: true).nuclearNorm()
        let na = xc.squaredNorm, nb = yc.squaredNorm
        switch score {
        case .euclidean: return Swift.max(0, na + nb - 2 * nuc).squareRoot()
        case .angular: return _acos(Swift.min(1, nuc / (na * nb).squareRoot()))
        }
    }

    func compare(_ x: Matrix<Double>, _ y: Matrix<Double>, alpha: Double = 1, score: ScoreMethod = .angular) throws
        -> (distance: Double, route: LinearMetric.NuclearNormRoute, ranks: (Int, Int)) {
        let metric = try LinearMetric(alpha: alpha, score: score)
        let px = try metric.prepare(ShapeRepresentation(label: "x", matrix: x))
        let py = try metric.prepare(ShapeRepresentation(label: "y", matrix: y))
        let (r, route) = try metric.compareReportingRoute(px, py)
        return (r.distance, route, (px.reduced.columns, py.reduced.columns))
    }

    /// `u diag(s) v'` with random orthonormal u (rows x k) and v (columns x k).
    func matrix(_ data: inout TestData, _ rows: Int, _ columns: Int, singularValues s: [Double]) throws -> Matrix<Double> {
        let u = try data.matrix(rows, s.count).svd().u, v = try data.matrix(columns, s.count).svd().u
        var us = u
        for i in 0..<rows { for j in 0..<s.count { us[i, j] *= s[j] } }
        return us.multiplied(by: v, transposeOther: true)
    }

    func testEigenRouteOnWellConditionedData() throws {
        var data = TestData(seed: 11)
        let x = data.matrix(40, 60), y = data.matrix(40, 50)
        for score in ScoreMethod.allCases {
            let c = try compare(x, y, score: score)
            XCTAssertEqual(c.route, .gramEigenvalues)
            // centring leaves rank conditions - 1, which prepare truncates to
            XCTAssertEqual(c.ranks.0, 39)
            XCTAssertEqual(c.ranks.1, 39)
            let ref = try reference(x, y, score)
            XCTAssertEqual(c.distance, ref, accuracy: 1e-10 * ref, "\(score)")
        }
    }

    func testRankDeficientInputsAgreeWithSingularValues() throws {
        var data = TestData(seed: 12)
        // conditions > units, and zero padding of the narrower one
        let tall = data.matrix(60, 20), wider = data.matrix(60, 30)
        // duplicated columns: rank 10 < min(conditions, units)
        let base = data.matrix(60, 10)
        let duplicated = Matrix(rows: 60, columns: 30) { i, j in base[i, j % 10] }
        // duplicated conditions: rank 24 in condition space
        let rows = data.matrix(25, 40)
        let repeated = Matrix(rows: 50, columns: 40) { i, j in rows[i % 25, j] }
        let zeroColumns = Matrix(rows: 60, columns: 25) { i, j in j < 20 ? tall[i, j] : 0 }
        let cases: [(String, Matrix<Double>, Matrix<Double>, (Int, Int))] = [
            ("tall", tall, wider, (20, 30)),
            ("duplicated columns", duplicated, wider, (10, 30)),
            ("zero columns", zeroColumns, duplicated, (20, 10)),
            ("duplicated conditions", repeated, data.matrix(50, 40), (24, 40)),
        ]
        for (name, x, y, ranks) in cases {
            for score in ScoreMethod.allCases {
                let c = try compare(x, y, score: score)
                XCTAssertEqual(c.ranks.0, ranks.0, name)
                XCTAssertEqual(c.ranks.1, ranks.1, name)
                let ref = try reference(x, y, score)
                XCTAssertEqual(c.distance, ref, accuracy: 1e-10 * ref, "\(name) \(score)")
            }
        }
    }

    func testIllConditionedAndIdenticalPairsFallBack() throws {
        var data = TestData(seed: 13)
        let decay = (0..<30).map { pow(10, -6 * Double($0) / 29) }   // condition number 1e6
        let x = try matrix(&data, 30, 40, singularValues: decay), y = try matrix(&data, 30, 40, singularValues: decay)
        let c = try compare(x, y)
        XCTAssertEqual(c.route, .singularValues)
        XCTAssertEqual(c.distance, try reference(x, y, .angular), accuracy: 1e-10 * c.distance)
        // distance 0: no relative error bound can hold
        XCTAssertEqual(try compare(x, x).route, .singularValues)
    }

    /// Random pairs of widely varying conditioning, some nearly identical: whenever the
    /// Gram-eigenvalue route is taken it agrees with the singular-value route to 1e-10, for
    /// both scores and with whitening.
    func testEigenRouteIsAccurateWheneverTaken() throws {
        var data = TestData(seed: 14)
        var taken = 0, fellBack = 0
        for trial in 0..<60 {
            let k = 10 + trial % 30, units = k + 5
            func spectrum() -> [Double] {
                let kappa = pow(10, 3.5 * data.rng.uniform())
                return (0..<k).map { pow(kappa, -Double($0) / Double(k - 1)) }
            }
            let x = try matrix(&data, k + 1, units, singularValues: spectrum())
            var y = try matrix(&data, k + 1, units, singularValues: spectrum())
            if trial % 3 == 0 { y = x + y.scaled(by: pow(10, -1 - 4 * data.rng.uniform())) }
            for (alpha, score) in [(1.0, ScoreMethod.angular), (1.0, .euclidean), (0.5, .angular)] {
                let metric = try LinearMetric(alpha: alpha, score: score)
                let px = try metric.prepare(ShapeRepresentation(label: "x", matrix: x))
                let py = try metric.prepare(ShapeRepresentation(label: "y", matrix: y))
                let (r, route) = try metric.compareReportingRoute(px, py)
                guard route == .gramEigenvalues else { fellBack += 1; continue }
                taken += 1
                let c = metric.rescaling(px, width: units) * metric.rescaling(py, width: units)
                let nuc = c * (try ProductNuclearNorm(px.reduced, py.reduced).fromSingularValues())
                let na = pow(metric.rescaling(px, width: units), 2) * px.squaredNorm
                let nb = pow(metric.rescaling(py, width: units), 2) * py.squaredNorm
                let ref = metric.score(nuclear: nuc, na, nb).distance
                XCTAssertEqual(r.distance, ref, accuracy: 1e-10 * ref, "trial \(trial) alpha \(alpha) \(score)")
            }
        }
        XCTAssertGreaterThan(taken, 20)
        XCTAssertGreaterThan(fellBack, 10)
    }
}
