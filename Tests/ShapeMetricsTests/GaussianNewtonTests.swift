import LinearAlgebra
@testable import ShapeMetrics
import TestSupport
import XCTest

/// The trust-region Newton fit of the Gaussian metric: its second derivatives against finite
/// differences of the gradient, and its optima against the L-BFGS search it replaced.
final class GaussianNewtonTests: XCTestCase {
    func randomSPDRoots(_ count: Int, _ n: Int, _ rng: inout SeededGenerator) throws -> [Matrix<Double>] {
        try (0..<count).map { _ in
            let g = Matrix<Double>(rows: 2 * n, columns: n, elements: (0..<(2 * n * n)).map { _ in rng.normal() })
            return try g.gram(scale: 1 / Double(2 * n)).symmetricSqrt(clipNegative: true)
        }
    }

    func testGradientDerivativeMatchesCentralDifferences() throws {
        var rng = SeededGenerator(seed: 11)
        let n = 6, m = 4
        let sx = try randomSPDRoots(m, n, &rng), sy = try randomSPDRoots(m, n, &rng)
        let k = Matrix<Double>(rows: n, columns: n, elements: (0..<(n * n)).map { _ in rng.normal() })
        for alpha in [0.0, 0.7, 1.0] {
            let h = GaussianObjective(alpha: alpha, meanCross: k, sqrtX: sx, sqrtY: sy)
            let t = try OrthogonalGroup.random(n, using: &rng)
            let d = Matrix<Double>(rows: n, columns: n, elements: (0..<(n * n)).map { _ in rng.normal() })
            let p = try h.evaluate(t)
            let analytic = h.gradientDerivative(at: p, along: d)
            let eps = 1e-5
            let plus = try h.evaluate(t + d.scaled(by: eps)).gradient, minus = try h.evaluate(t - d.scaled(by: eps)).gradient
            let numeric = (plus - minus).scaled(by: 1 / (2 * eps))
            let err = (analytic - numeric).squaredNorm.squareRoot() / numeric.squaredNorm.squareRoot()
            XCTAssertLessThan(err, 1e-7, "alpha \(alpha): |analytic - numeric| / |numeric| = \(err)")
            // and the value's gradient itself
            let hv = (try h.evaluate(t + d.scaled(by: eps)).value - h.evaluate(t - d.scaled(by: eps)).value) / (2 * eps)
            assertClose(p.gradient.frobeniusDot(d), hv, rel: 1e-7, "directional derivative, alpha \(alpha)")
        }
    }

    func testTrustRegionReachesTheLBFGSOptimumInFewerPoints() throws {
        var rng = SeededGenerator(seed: 5)
        let n = 8, m = 12
        func moments() throws -> (Matrix<Double>, [Matrix<Double>]) {
            let means = Matrix<Double>(rows: m, columns: n, elements: (0..<(m * n)).map { _ in rng.normal() })
            let covs = try randomSPDRoots(m, n, &rng).map { $0 * $0 }
            return (means, covs)
        }
        let (mx, cx) = try moments(), (my, cy) = try moments()
        var newton = try GaussianMetric(alpha: 1, options: FitOptions(restarts: 3, seed: 2, tolerance: 1e-8))
        var lbfgs = newton
        lbfgs.optimizer = .riemannianLBFGS
        newton.optimizer = .trustRegion
        let x = try newton.prepare(label: "x", means: mx, covariances: cx), y = try newton.prepare(label: "y", means: my, covariances: cy)
        let a = try newton.compare(x, y), b = try lbfgs.compare(x, y)
        XCTAssertTrue(a.converged)
        XCTAssertLessThanOrEqual(a.objective, b.objective * (1 + 1e-9), "newton \(a.objective) lbfgs \(b.objective)")
        XCTAssertLessThan(a.evaluations, b.evaluations)
        // deterministic
        XCTAssertEqual(try newton.compare(x, y), a)
    }
}
