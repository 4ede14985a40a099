import LinearAlgebra
@testable import ShapeMetrics
import TestSupport
import XCTest

/// The low-rank route of the Gaussian objective (`CovarianceFactor`: covariance factors from
/// the samples, k x k SVDs) against the dense route (n x n symmetric square roots, the route
/// tested against netrep) on random low-rank covariances: value, gradient, Hessian product and
/// the fitted distance.
final class GaussianLowRankTests: XCTestCase {
    func representation(_ label: String, conditions: Int, samples: Int?, units: Int, seed: UInt64) throws -> ShapeRepresentation {
        var rng = SeededGenerator(seed: seed)
        // uneven scales per unit, so the covariances are far from isotropic
        let scale = (0..<units).map { 0.2 + 2 * Double(($0 * 7) % units) / Double(units) }
        let v = rng.normals(conditions * (samples ?? 1) * units).enumerated().map { $0.element * scale[$0.offset % units] }
        return try ShapeRepresentation(label: label, conditions: conditions, samples: samples, units: units, values: v)
    }

    /// The symmetric square roots computed from the factors (thin SVD of F' = U S V':
    /// C^1/2 = V S V'), exact zeros on the null space. The roots from an eigendecomposition of C
    /// (`prepare`'s) keep rounding-level eigenvalues there, whose square roots (~1e-8 of the
    /// largest) move the nuclear norms by ~1e-8 relative when the two sides' ranks differ: the
    /// dense reference for a 1e-10 comparison has to be built without them.
    func exactRoots(_ factors: [Matrix<Double>], units n: Int) throws -> [Matrix<Double>] {
        try factors.map { ft in
            if ft.rows == 0 { return Matrix(rows: n, columns: n) }
            let s = try ft.svd()
            var vs = s.vt.transposed
            for i in 0..<vs.rows { for j in 0..<vs.columns { vs[i, j] *= s.singularValues[j] } }
            return vs.multiplied(by: s.vt)
        }
    }

    /// ||a - b|| / ||b||; 0 when both are zero (alpha 0 against a deterministic side), infinite
    /// when only b is.
    func maxRelative(_ a: Matrix<Double>, _ b: Matrix<Double>) -> Double {
        let diff = (a - b).squaredNorm.squareRoot(), scale = b.squaredNorm.squareRoot()
        return scale > 0 ? diff / scale : (diff == 0 ? 0 : .infinity)
    }

    func testLowRankObjectiveGradientAndHessianEqualTheDenseOnes() throws {
        let n = 24, m = 5
        // (samples of x, samples of y): unequal ranks, equal ranks, a deterministic y
        for (sx, sy) in [(4, 7), (8, 8), (6, nil)] as [(Int, Int?)] {
            let metric = try GaussianMetric(alpha: 1)
            let x = try metric.prepare(representation("x", conditions: m, samples: sx, units: n, seed: 21))
            let yr = try representation("y", conditions: m, samples: sy, units: n, seed: 22)
            let y = try StochasticROILayerDistances.gaussianMoments(metric, yr)
            let fx = try XCTUnwrap(x.covarianceFactors), fy = try XCTUnwrap(y.covarianceFactors)
            let rootsX = try exactRoots(fx, units: n), rootsY = try exactRoots(fy, units: n)
            var rng = SeededGenerator(seed: 9)
            for alpha in [0.0, 0.6, 1.0] {
                var a = metric; a.alpha = alpha
                let low = a.objective(x, y)
                XCTAssertTrue(low.ranks.allSatisfy { $0 < n }, "the low-rank route is taken: ranks \(low.ranks)")
                XCTAssertEqual(low.ranks, Array(repeating: sy == nil ? 0 : max(sx, sy!), count: m))
                let dense = GaussianObjective(alpha: alpha, meanCross: y.means.multiplied(by: x.means, transposeSelf: true),
                                              sqrtX: rootsX, sqrtY: rootsY)
                XCTAssertEqual(dense.ranks, Array(repeating: n, count: m))
                for _ in 0..<3 {
                    let t = try OrthogonalGroup.random(n, using: &rng)
                    let p = try low.evaluate(t), q = try dense.evaluate(t)
                    assertClose(p.value, q.value, rel: 1e-10, "value, samples \(sx) / \(sy.map(String.init) ?? "none"), alpha \(alpha)")
                    XCTAssertLessThanOrEqual(maxRelative(p.gradient, q.gradient), 1e-10, "gradient, samples \(sx) / \(String(describing: sy)), alpha \(alpha)")
                    let d = Matrix<Double>(rows: n, columns: n, elements: rng.normals(n * n))
                    let hp = low.gradientDerivative(at: p, along: d), hq = dense.gradientDerivative(at: q, along: d)
                    XCTAssertLessThanOrEqual(maxRelative(hp, hq), 1e-10, "Hessian product, samples \(sx) / \(String(describing: sy)), alpha \(alpha)")
                }
            }
        }
    }

    /// The whole fit through both routes: the same local optimum. The dense route here is
    /// `prepare(label:means:covariances:)` (no factors: the route the netrep fixtures test).
    func testLowRankFitGivesTheDenseDistance() throws {
        let n = 20, m = 6
        for (sx, sy) in [(5, 5), (4, 7)] {
            let metric = try GaussianMetric(alpha: 1, options: FitOptions(restarts: 1, seed: 3, tolerance: 1e-9))
            let xr = try representation("x", conditions: m, samples: sx, units: n, seed: 31)
            let yr = try representation("y", conditions: m, samples: sy, units: n, seed: 32)
            let x = try metric.prepare(xr), y = try metric.prepare(yr)
            XCTAssertNotNil(x.covarianceFactors)
            func covs(_ p: GaussianMetric.Prepared) -> [Matrix<Double>] { p.sqrtCovariances.map { $0 * $0 } }
            let xd = try metric.prepare(label: "x", means: x.means, covariances: covs(x))
            let yd = try metric.prepare(label: "y", means: y.means, covariances: covs(y))
            XCTAssertNil(xd.covarianceFactors)
            let low = try metric.compare(x, y), dense = try metric.compare(xd, yd)
            XCTAssertTrue(low.converged && dense.converged)
            assertClose(low.distance, dense.distance, rel: 1e-7, "fitted distance, samples \(sx) / \(sy)")
            // and the same run twice is bit-identical
            XCTAssertEqual(try metric.compare(x, y), low)
        }
    }

    /// A ridge makes every covariance full rank: no factors, the dense route.
    func testRidgeDropsTheFactors() throws {
        let metric = try GaussianMetric(alpha: 1, covarianceRidge: 1e-6)
        let x = try metric.prepare(representation("x", conditions: 3, samples: 4, units: 10, seed: 1))
        XCTAssertNil(x.covarianceFactors)
        XCTAssertNil(x.padded(to: 12, ridge: 1e-6).covarianceFactors)
        let plain = try GaussianMetric(alpha: 1).prepare(representation("x", conditions: 3, samples: 4, units: 10, seed: 1))
        let padded = try XCTUnwrap(plain.padded(to: 12, ridge: 0).covarianceFactors)
        XCTAssertEqual(padded.map(\.columns), [12, 12, 12])
        XCTAssertEqual(padded.map(\.rows), [4, 4, 4])
    }
}
