import GLM
import XCTest

/// Confound columns and FD censoring through `GLMWorkflow` (what `neurorep glm --confounds
/// --confound-columns --fd-threshold` runs) against nilearn's FirstLevelModel with
/// `confounds=` and `sample_masks=` (1e-6 of each map's scale).
final class ConfoundCensoringTests: XCTestCase {
    func check(_ noise: NoiseModel) throws {
        var p = GLMParameters(boldPaths: [GLMFixtures.bold[0]], eventsPaths: [GLMFixtures.events[0]], repetitionTime: GLMFixtures.tr)
        p.maskPath = GLMFixtures.path("mask.nii.gz")
        p.options.noise = noise
        p.options.blockSize = 45
        p.confoundsPaths = [GLMFixtures.path("sub-01_task-objects_run-1_desc-confounds_timeseries.tsv")]
        let spec = GLMFixtures.refs["censoring"]
        p.confounds = GLMConfoundSelection(columns: spec["confounds"].array.map { $0.string! }, fdThreshold: spec["fd_threshold"].double!)
        let exprs = GLMFixtures.contrasts.map(\.expression)
        p.contrasts = exprs.enumerated().filter { $0.element.contains(" ") }.map { ContrastSpec(name: "c\($0.offset)", expression: $0.element) }
        let r = try GLMWorkflow.run(p)
        XCTAssertEqual(r.runs[0].keptFrames, spec["kept"].ints)
        XCTAssertEqual(r.runs[0].design.matrix.rows, spec["kept"].ints.count)
        for (ci, e) in exprs.enumerated() {
            guard let s = r.contrasts.first(where: { $0.spec.expression == e })?.statistics else { XCTFail("no contrast \(e)"); continue }
            let key = "glm_conf_\(noise.rawValue)_\(ci)"
            let tpz = s.tpz
            for (name, ours) in [("effect_size", s.effect), ("effect_variance", s.variance), ("stat", tpz.t), ("z_score", tpz.z)] {
                XCTAssertLessThan(GLMFixtures.scaledError(ours, GLMFixtures.array("\(key)_\(name)")), 1e-6, "\(noise) \(e) \(name)")
            }
        }
    }

    func testOLS() throws { try check(.ols) }
    func testAR1() throws { try check(.ar1) }
}

/// Without --mask every voxel that varies over time is fitted: on the fixtures (zeros outside the
/// mask) that is exactly the mask, so the maps equal the masked run's.
final class DefaultMaskTests: XCTestCase {
    func testVaryingVoxelsMatchTheMask() throws {
        var p = GLMParameters(boldPaths: [GLMFixtures.bold[0]], eventsPaths: [GLMFixtures.events[0]], repetitionTime: GLMFixtures.tr)
        p.options.noise = .ols
        let ours = try GLMWorkflow.run(p)
        XCTAssertEqual(ours.mask.indices, try GLMFixtures.mask().indices)
        XCTAssertTrue(ours.warnings.contains { $0.contains("no --mask") })
        p.maskPath = GLMFixtures.path("mask.nii.gz")
        let masked = try GLMWorkflow.run(p)
        XCTAssertEqual(ours.contrasts.map(\.statistics), masked.contrasts.map(\.statistics))
    }
}
