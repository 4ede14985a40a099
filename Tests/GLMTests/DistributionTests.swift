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
