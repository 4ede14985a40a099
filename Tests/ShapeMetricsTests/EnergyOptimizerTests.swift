import Dispatch
import LinearAlgebra
import ShapeMetrics
import TestSupport
import XCTest

/// The energy metric's default optimiser (Riemannian L-BFGS) against netrep's IRLS, and the
/// determinism of the fit (its evaluations run on two threads).
final class EnergyOptimizerTests: XCTestCase {
    /// 12 conditions x 40 samples x 16 units; y is a rotated copy of x plus a second random
    /// representation (more units than conditions, like the benchmark pair, so netrep's
    /// uniform-weight start is rank-deficient).
    func pair(seed: UInt64) -> (ShapeRepresentation, ShapeRepresentation) {
        var data = TestData(seed: seed)
        let x = data.stochastic(12, 40, 16, label: "x")
        let q = data.orthogonal(16)
        let noise = data.stochastic(12, 40, 16, label: "noise")
        let rotated = x.transformed(by: q, label: "xq")
        let y = try! ShapeRepresentation(label: "y", conditions: 12, samples: 40, units: 16,
                                         values: zip(rotated.values, noise.values).map { $0 + $1 })
        return (x, y)
    }

    /// Seeds on which plain IRLS converges slowly (50-83 of its 100 iterations; on 30 seeds of
    /// this kind the default optimiser ended lower on 28 and never higher, with 36 evaluations
    /// on average against IRLS's 63).
    func testDefaultOptimizerReachesALowerFitLossThanIRLS() throws {
        for seed: UInt64 in [3, 4, 9] {
            let (x, y) = pair(seed: seed)
            var irls = EnergyMetric()
            irls.optimizer = .irls
            let px = try irls.prepare(x), py = try irls.prepare(y)
            let plain = try irls.compare(px, py)
            let netrepRule = try EnergyMetric(absoluteTolerance: 1e-6).compare(px, py)
            let fast = try EnergyMetric().compare(px, py)
            print("seed \(seed): default \(fast.objective) (\(fast.iterations) it), irls \(plain.objective) (\(plain.iterations) it), netrep rule \(netrepRule.objective) (\(netrepRule.iterations) it)")
            XCTAssertTrue(fast.converged)
            XCTAssertLessThanOrEqual(fast.objective, plain.objective, "seed \(seed)")
            XCTAssertLessThanOrEqual(fast.objective, netrepRule.objective, "seed \(seed)")
            XCTAssertLessThanOrEqual(fast.distance, plain.distance, "seed \(seed)")
            XCTAssertLessThan(fast.iterations, plain.iterations, "seed \(seed)")
        }
    }

    /// Bit-identical results when fitted repeatedly and from concurrent callers (the pairwise
    /// path): the evaluation's blocks and the order of their sums do not depend on scheduling.
    func testFitIsDeterministic() throws {
        let (x, y) = pair(seed: 5)
        let metric = EnergyMetric(options: FitOptions(restarts: 1, seed: 7, maxIterations: 100, tolerance: 1e-9))
        let px = try metric.prepare(x), py = try metric.prepare(y)
        let (reference, q) = try metric.fit(px, py, stream: 3)
        var results = [(ShapeDistance, Matrix<Double>)?](repeating: nil, count: 4)
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: 4) { k in
            let r = try! metric.fit(px, py, stream: 3)
            lock.lock(); results[k] = r; lock.unlock()
        }
        for r in results + [try metric.fit(px, py, stream: 3)] {
            XCTAssertEqual(r!.0, reference)
            XCTAssertEqual(r!.1, q)
        }
    }
}
