import GLM
import XCTest

/// t -> p and z as nilearn computes them (scipy t.sf / t.cdf, clipping, isf / ppf), extreme
/// values included.
final class DistributionTests: XCTestCase {
    func testPAndZMatchNilearn() {
        let ts = GLMFixtures.array("dist_t"), dofs = GLMFixtures.array("dist_dof")
        let p = GLMFixtures.matrix("dist_p"), z = GLMFixtures.matrix("dist_z")
        for (i, d) in dofs.enumerated() {
            // Up to thousands of dof (any real design): 1e-12 in p and 1e-9 in z. At nilearn's
            // cap of 1e10 dof the continued fraction stops early (its terms are ~1e-10 each):
            // about 2e-7 relative; 1e-6 is what the maps are held to.
            let (pTol, zTol) = d > 1e6 ? (1e-6, 1e-6) : (1e-12, 1e-9)
            for (j, t) in ts.enumerated() {
                let (sf, _) = TDistribution.tails(t, dof: d)
                let ref = p[i, j]
                if ref < 1e-300 { XCTAssertLessThan(sf, 1e-290, "p t=\(t) dof=\(d)") } else {
                    XCTAssertEqual(sf, ref, accuracy: pTol * ref + 1e-300, "p t=\(t) dof=\(d)")
                }
                XCTAssertEqual(TDistribution.zScore(t, dof: d), z[i, j], accuracy: zTol * Swift.max(1, abs(z[i, j])), "z t=\(t) dof=\(d)")
            }
        }
    }
}

/// Whole maps evaluate the t tails four voxels at a time (SIMD lanes): every lane must give
/// bit for bit the scalar value, whatever its neighbours (converging sooner or later, or not
/// needing a continued fraction at all).
final class TailsLaneTests: XCTestCase {
    func testFourLanesEqualTheScalarTailsBitForBit() {
        var ts: [Double] = [0, -0.0, .infinity, -.infinity, .nan, 1e-300, -1e-300, 1e300, -1e300, 1.7, 1.8, -1.75]
        var g = SystemRandomNumberGenerator()
        for _ in 0..<4000 { ts.append(Double.random(in: -8...8, using: &g)) }
        for _ in 0..<400 { ts.append(Double.random(in: -1...1, using: &g) * pow(10, Double.random(in: -6...4, using: &g))) }
        while ts.count % 4 != 0 { ts.append(2.5) }
        for dof in [1.0, 3, 7.5, 178, 1000, 1e10, 0, .nan] {
            let tails = TDistribution.Tails(dof: dof)
            for i in Swift.stride(from: 0, to: ts.count, by: 4) {
                let four = tails.at4(SIMD4(ts[i], ts[i + 1], ts[i + 2], ts[i + 3]))
                for k in 0..<4 {
                    let one = tails.at(ts[i + k])
                    XCTAssertEqual(four.sf[k].bitPattern, one.sf.bitPattern, "sf t=\(ts[i + k]) dof=\(dof)")
                    XCTAssertEqual(four.cdf[k].bitPattern, one.cdf.bitPattern, "cdf t=\(ts[i + k]) dof=\(dof)")
                }
            }
        }
    }
}
