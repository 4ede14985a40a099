import GLM
import TestSupport
import XCTest

/// `--stats`: which maps are computed and written. The selected maps hold nilearn 0.14.1's
/// values (AR(1), two runs combined by fixed effects: `glm_ar1_2_0_*` in the fixtures), and each
/// map is bit for bit the one computed when every statistic is asked for.
final class ContrastMapsTests: XCTestCase {
    func combinedAR1() throws -> [ContrastStatistics] {
        var perRun: [[ContrastStatistics]] = []
        for r in 0..<2 {
            let data = try GLMFixtures.run(r)
            let ev = try GLMFixtures.eventsTable(r)
            let design = try DesignMatrix.make(events: ev.events, volumes: data.volumes, repetitionTime: GLMFixtures.tr)
            perRun.append(try FirstLevelGLM.contrasts(run: data, design: design, specs: GLMFixtures.contrasts, options: GLMOptions()))
        }
        return (0..<GLMFixtures.contrasts.count).map { c in ContrastStatistics.fixedEffects(perRun.map { $0[c] }) }
    }

    func testEffectVarianceZAsNilearnWritesThemAndNothingElse() throws {
        for (ci, s) in try combinedAR1().enumerated() {
            let maps = s.maps([.effect, .variance, .z])
            XCTAssertEqual(Set(maps.keys), [.effect, .variance, .z])
            for (stat, name) in [(GLMStatistic.effect, "effect_size"), (.variance, "effect_variance"), (.z, "z_score")] {
                let ref = GLMFixtures.array("glm_ar1_2_0_\(ci)_\(name)")
                XCTAssertLessThan(GLMFixtures.scaledError(maps[stat]!, ref), 1e-6, "contrast \(ci) \(name)")
            }
            // the same values as with every statistic computed (z without p, t without z)
            let all = s.tpz
            XCTAssertEqual(maps[.z]!.map(\.bitPattern), all.z.map(\.bitPattern))
            XCTAssertEqual(s.maps([.p])[.p]!.map(\.bitPattern), all.p.map(\.bitPattern))
            let tOnly = s.maps([.t])
            XCTAssertEqual(Set(tOnly.keys), [.t])
            XCTAssertEqual(tOnly[.t]!.map(\.bitPattern), all.t.map(\.bitPattern))
            XCTAssertEqual(Set(s.maps(GLMStatistic.allCases).keys), Set(GLMStatistic.allCases))
        }
    }

    func assertError(_ body: @autoclosure () throws -> Any, contains parts: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { e in
            for p in parts { XCTAssertTrue("\(e)".contains(p), "'\(e)' lacks '\(p)'", file: file, line: line) }
        }
    }

    func testStatsListIsCanonicalAndRejectsUnknownOrRepeatedNames() throws {
        XCTAssertEqual(try GLMStatistic.list("z, effect,variance"), [.effect, .variance, .z])
        XCTAssertEqual(try GLMStatistic.list("p,t,z,variance,effect"), GLMStatistic.allCases)
        assertError(try GLMStatistic.list("effect,zscore"), contains: ["--stats", "'zscore'", "effect, variance, t, z, p"])
        assertError(try GLMStatistic.list("z,z"), contains: ["--stats", "'z' is given twice"])
        assertError(try GLMStatistic.list(""), contains: ["--stats", "''"])
    }
}
