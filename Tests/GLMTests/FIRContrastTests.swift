import ArrayFiles
import GLM
import TestSupport
import XCTest

/// With `hrf fir` a condition has no single response column: its own maps are one per delay
/// (`<condition>_delay_<d>`), against nilearn 0.14.1's FirstLevelModel (Fixtures/make_fir_refs.py,
/// AR(1), cosine drift, signal scaling 0); single-trial patterns are refused with fir.
final class FIRContrastTests: XCTestCase {
    func parameters() -> GLMParameters {
        var p = GLMParameters(boldPaths: [GLMFixtures.bold[0]], eventsPaths: [GLMFixtures.events[0]], repetitionTime: GLMFixtures.tr)
        p.maskPath = GLMFixtures.path("mask.nii.gz")
        p.options.design.hrf = .fir(delays: [0, 1, 2])
        return p
    }

    func testEachConditionHasOneContrastPerDelayMatchingNilearn() throws {
        var refs: [String: NPYArray] = [:]
        for (name, a) in try NPZ.read(GLMFixtures.path("fir_refs.npz")) { refs[name.hasSuffix(".npy") ? String(name.dropLast(4)) : name] = a }
        func ref(_ key: String) throws -> [Double] { try XCTUnwrap(refs[key], key).doubles }
        let results = try GLMWorkflow.run(parameters())
        let names = ["chair", "face", "house", "shoe"].flatMap { c in (0..<3).map { "\(c)_delay_\($0)" } }
        XCTAssertEqual(results.contrasts.map(\.spec.name), names)
        for (spec, s) in results.contrasts {
            XCTAssertLessThan(GLMFixtures.scaledError(s.effect, try ref(spec.name + "_effect_size")), 1e-6, spec.name)
            XCTAssertLessThan(GLMFixtures.scaledError(s.z, try ref(spec.name + "_z_score")), 1e-6, spec.name)
        }
    }

    func testBetaSeriesWithFIRIsRefusedBeforeReading() {
        var p = parameters()
        p.betaSeries = .lss
        p.boldPaths = ["/nonexistent/bold.nii.gz"]   // refused before any file is read
        XCTAssertThrowsError(try GLMWorkflow.run(p)) { e in
            XCTAssertTrue("\(e)".contains("fir model has one per delay"), "\(e)")
        }
    }
}
