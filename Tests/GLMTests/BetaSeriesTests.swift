import GLM
import LinearAlgebra
import TestSupport
import XCTest

/// LSA and LSS against nilearn's beta-series recipe (one FirstLevelModel per trial for LSS),
/// OLS and AR(1), to 1e-6 of the effects' scale.
final class BetaSeriesTests: XCTestCase {
    func check(_ method: BetaSeries.Method, _ noise: NoiseModel) throws {
        let data = try GLMFixtures.run(0)
        let events = try GLMFixtures.eventsTable(0).events
        var options = GLMOptions()
        options.noise = noise
        options.blockSize = 50
        let ours = try BetaSeries.effects(method: method, run: data, events: events, repetitionTime: GLMFixtures.tr, options: options)
        let ref = GLMFixtures.matrix("\(method.rawValue)_\(noise.rawValue)")
        XCTAssertEqual(ours.rows, ref.rows)
        XCTAssertEqual(ours.columns, ref.columns)
        let err = GLMFixtures.scaledError(ours.elements, ref.elements)
        XCTAssertLessThan(err, 1e-6, "\(method) \(noise)")
    }

    func testLSAOLS() throws { try check(.lsa, .ols) }
    func testLSAAR1() throws { try check(.lsa, .ar1) }
    func testLSSOLSFast() throws { try check(.lss, .ols) }
    func testLSSAR1() throws { try check(.lss, .ar1) }

    /// The fast LSS paths against one refitted model per trial (the path derivative HRFs take).
    func testFastLSSEqualsRefittingEveryTrial() throws {
        let data = try GLMFixtures.run(1)
        let events = try GLMFixtures.eventsTable(1).events
        for noise in NoiseModel.allCases {
            var options = GLMOptions(); options.noise = noise; options.blockSize = 64
            let fast = try BetaSeries.effects(method: .lss, run: data, events: events, repetitionTime: GLMFixtures.tr, options: options)
            let slow = try BetaSeries.effects(method: .lss, run: data, events: events, repetitionTime: GLMFixtures.tr, options: options, refitEveryTrial: true)
            XCTAssertLessThan(GLMFixtures.scaledError(fast.elements, slow.elements), 1e-9, "\(noise)")
        }
    }

    func testTrialNamesFollowNilearnsLSARecipe() throws {
        let ts = BetaSeries.trials(try GLMFixtures.eventsTable(0).events)
        XCTAssertEqual(ts.count, 16)
        let first = ts.first { $0.condition == "face" }!
        XCTAssertEqual(first.name, "face__001")
        XCTAssertEqual(Set(ts.map(\.name)).count, 16)
    }
}
