import GLM
import LinearAlgebra
import TestSupport
import XCTest

/// Effect size, variance, t, z and p against nilearn 0.14.1's FirstLevelModel (OLS and AR(1),
/// one run and two runs combined by fixed effects, the three signal scalings), to 1e-6 of each
/// map's scale.
final class FirstLevelGLMTests: XCTestCase {
    func fit(noise: NoiseModel, runs: Int, scaling: SignalScaling) throws -> [ContrastStatistics] {
        var options = GLMOptions()
        options.noise = noise
        options.scaling = scaling
        options.blockSize = 37   // several blocks, a ragged last one
        var perRun: [[ContrastStatistics]] = []
        for r in 0..<runs {
            let data = try GLMFixtures.run(r)
            let ev = try GLMFixtures.eventsTable(r)
            try ev.validate(volumes: data.volumes, repetitionTime: GLMFixtures.tr, minOnset: -24)
            let design = try DesignMatrix.make(events: ev.events, volumes: data.volumes, repetitionTime: GLMFixtures.tr)
            perRun.append(try FirstLevelGLM.contrasts(run: data, design: design, specs: GLMFixtures.contrasts, options: options))
        }
        return (0..<GLMFixtures.contrasts.count).map { c in ContrastStatistics.fixedEffects(perRun.map { $0[c] }) }
    }

    func check(_ stats: [ContrastStatistics], key: String, file: StaticString = #filePath, line: UInt = #line) {
        for (ci, s) in stats.enumerated() {
            let what = "\(key) contrast \(GLMFixtures.contrasts[ci].name)"
            let maps: [(String, [Double], Double)] = [
                ("effect_size", s.effect, 1e-6), ("effect_variance", s.variance, 1e-6), ("stat", s.t, 1e-6), ("z_score", s.z, 1e-6),
            ]
            for (name, ours, tol) in maps {
                let err = GLMFixtures.scaledError(ours, GLMFixtures.array("\(key)_\(ci)_\(name)"))
                XCTAssertLessThan(err, tol, "\(what) \(name)", file: file, line: line)
            }
            // p values span hundreds of orders of magnitude: compare relatively where they are
            // representable, absolutely (1e-12) near 0.
            let refP = GLMFixtures.array("\(key)_\(ci)_p_value")
            for (a, b) in zip(s.p, refP) { XCTAssertEqual(a, b, accuracy: 1e-6 * b + 1e-12, "\(what) p", file: file, line: line) }
        }
    }

    /// Workers share nothing but the output arrays: any thread count gives identical maps.
    func testThreadCountDoesNotChangeResults() throws {
        let data = try GLMFixtures.run(0)
        let ev = try GLMFixtures.eventsTable(0)
        let design = try DesignMatrix.make(events: ev.events, volumes: data.volumes, repetitionTime: GLMFixtures.tr)
        var one = GLMOptions(); one.threads = 1; one.blockSize = 16
        var three = one; three.threads = 3
        let a = try FirstLevelGLM.contrasts(run: data, design: design, specs: GLMFixtures.contrasts, options: one)
        let b = try FirstLevelGLM.contrasts(run: data, design: design, specs: GLMFixtures.contrasts, options: three)
        XCTAssertEqual(a, b)
    }

    func testOLSOneRun() throws { check(try fit(noise: .ols, runs: 1, scaling: .voxelMean), key: "glm_ols_1_0") }
    func testAR1OneRun() throws { check(try fit(noise: .ar1, runs: 1, scaling: .voxelMean), key: "glm_ar1_1_0") }
    func testOLSTwoRunsFixedEffects() throws { check(try fit(noise: .ols, runs: 2, scaling: .voxelMean), key: "glm_ols_2_0") }
    func testAR1TwoRunsFixedEffects() throws { check(try fit(noise: .ar1, runs: 2, scaling: .voxelMean), key: "glm_ar1_2_0") }
    func testNoScaling() throws {
        check(try fit(noise: .ols, runs: 1, scaling: .none), key: "glm_ols_1_False")
        check(try fit(noise: .ar1, runs: 1, scaling: .none), key: "glm_ar1_1_False")
    }
    func testFrameMeanScaling() throws {
        check(try fit(noise: .ols, runs: 1, scaling: .frameMean), key: "glm_ols_1_1")
        check(try fit(noise: .ar1, runs: 1, scaling: .frameMean), key: "glm_ar1_1_1")
    }
}
