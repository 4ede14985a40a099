import Foundation
import XCTest
@testable import Pipeline

/// `stages.shape` with the stochastic metrics and `stages.glm.beta_series`: what they plan
/// (one stochastic-shape unit per subject, waiting for its GLM) and the configs that cannot work,
/// each refused with a message naming the key.
final class StochasticShapeConfigTests: XCTestCase {
    static let repo = ShippedConfigs.repo
    var out: String!
    override func setUp() { out = FileManager.default.temporaryDirectory.appendingPathComponent("stochplan-\(UUID())").path }
    override func tearDown() { try? FileManager.default.removeItem(atPath: out) }

    func load(_ edit: (String) -> String = { $0 }) throws -> PipelineConfig {
        try ShippedConfigs.load(pipeline: "stochastic-shape.yaml", output: out, edit: edit)
    }

    func message(_ edit: @escaping (String) -> String, file: StaticString = #filePath, line: UInt = #line) -> String {
        do { _ = try load(edit); XCTFail("the config was accepted", file: file, line: line); return "" } catch { return "\(error)" }
    }

    func testTheReadyConfigPlansOneStochasticShapeUnitPerSubjectAfterItsGLM() throws {
        let c = try load()
        XCTAssertEqual(c.glm?.betaSeries, .lss)
        XCTAssertEqual(c.shape?.metric, .gaussian)
        XCTAssertEqual(c.shape?.stochastic.widthMatching, .pca(components: 20))
        XCTAssertTrue(c.shape?.stochastic.normalize ?? false)
        let plan = try PipelinePlan(config: c, ledger: RunLedger(outputRoot: out))
        let glm = plan.units.filter { $0.step == "glm" }
        let shape = plan.units.filter { $0.step == "shape gaussian atlas-sample" }
        XCTAssertEqual(shape.map(\.subject), ["01", "02", "03"])
        for u in shape { XCTAssertEqual(u.dependencies, [try XCTUnwrap(glm.first { $0.subject == u.subject }?.key)]) }
        XCTAssertFalse(plan.units.contains { $0.step == "shape atlas-sample" }, "the deterministic shape step does not run")
        XCTAssertTrue(plan.units.contains { $0.step.hasPrefix("shape ranking") }, "the group ranking reads the stochastic distances")
        // the beta series is a GLM parameter: without it the GLM's key is the one of a plain GLM
        var plain = c
        plain.glm?.betaSeries = nil
        plain.shape = nil
        let other = try PipelinePlan(config: plain, ledger: RunLedger(outputRoot: out))
        XCTAssertNotEqual(other.units.first { $0.step == "glm" }?.key, glm.first?.key)
        // a typed config without the beta series (past the validator) cannot plan the stage
        var noSeries = c
        noSeries.glm?.betaSeries = nil
        XCTAssertThrowsError(try PipelinePlan(config: noSeries, ledger: RunLedger(outputRoot: out))) {
            XCTAssertTrue("\($0)".contains("needs single-trial patterns: set 'stages.glm.beta_series'"), "\($0)")
        }
        // a shape parameter changes the shape keys only
        var energy = c
        energy.shape?.metric = .energy
        let e = try PipelinePlan(config: energy, ledger: RunLedger(outputRoot: out))
        XCTAssertEqual(e.units.first { $0.step == "glm" }?.key, glm.first?.key)
        XCTAssertNotEqual(e.units.first { $0.step == "shape energy atlas-sample" }?.key, shape.first?.key)
    }

    func testStochasticMetricsWithoutSingleTrialPatternsAreRefused() {
        let noSeries = message { $0.replacingOccurrences(of: "    beta_series: lss\n", with: "") }
        XCTAssertTrue(noSeries.contains("stage 'shape' with metric 'gaussian' needs every ROI's single-trial patterns: configure stage 'glm' with 'beta_series: lss'"), noSeries)
        XCTAssertTrue(noSeries.contains("stochastic-shape") || noSeries.contains(".yaml:"), "names the file: \(noSeries)")
        let energy = message { $0.replacingOccurrences(of: "    beta_series: lss\n", with: "").replacingOccurrences(of: "metric: gaussian", with: "metric: energy") }
        XCTAssertTrue(energy.contains("metric 'energy' needs every ROI's single-trial patterns"), energy)
        // external beta maps are condition maps: no samples
        let external = message { text in
            var t = text.replacingOccurrences(of: "  activations:\n", with: "  betas:\n    pattern: ../x-{participant}.nii.gz\n    conditions: \(Self.repo)/SampleData/activations/conditions.tsv\n  activations:\n")
            let glm = t.range(of: "  glm:\n")!.lowerBound, shape = t.range(of: "  shape:\n")!.lowerBound
            t.removeSubrange(glm..<shape)
            return t
        }
        XCTAssertTrue(external.contains("'inputs.betas' are condition maps"), external)
        XCTAssertTrue(message { $0.replacingOccurrences(of: "beta_series: lss", with: "beta_series: lsq") }.contains("'lsq' is not one of lsa, lss"))
    }

    func testStochasticOptionsAreCheckedAgainstTheMetric() {
        let cases: [(String, String, String)] = [
            ("metric: gaussian", "metric: linear\n    ridge: 0.001", "'stages.shape.ridge' applies to the stochastic metrics (gaussian, energy), not to 'linear'"),
            ("alpha: 1", "alpha: 1.5\n    score: angular", "'stages.shape.alpha' = 1.5: the linear metric's alpha is in [0, 1]"),
            ("metric: gaussian", "metric: energy\n    ridge: 0.001", "'stages.shape.ridge' applies to the gaussian metric only"),
            ("metric: gaussian", "metric: gaussian\n    optimizer: irls", "the gaussian metric's optimizers are newton, lbfgs, alternation"),
            ("    pca_components: 20\n", "", "'stages.shape.widths' = pca needs 'pca_components'"),
            ("widths: pca", "widths: zero_pad", "'stages.shape.pca_components' needs 'widths: pca'"),
            ("widths: pca", "widths: truncate", "'truncate' is not one of zero_pad, pca"),
            ("alpha: 1", "alpha: 2.5", "'stages.shape.alpha' = 2.5 is outside [0.0, 2.0]"),
        ]
        for (from, to, expected) in cases {
            let m = message { text in
                var t = text
                if to.hasPrefix("metric: linear") || to.hasPrefix("alpha: 1.5") {
                    t = t.replacingOccurrences(of: "    normalize: true\n    widths: pca\n    pca_components: 20\n", with: "")
                }
                if to.hasPrefix("alpha: 1.5") { t = t.replacingOccurrences(of: "metric: gaussian", with: "metric: linear") }
                return t.replacingOccurrences(of: from, with: to)
            }
            XCTAssertTrue(m.contains(expected), "\(to): \(m)")
        }
        // pca with a component count parses into the library's width matching
        XCTAssertEqual(try load { $0.replacingOccurrences(of: "widths: pca\n    pca_components: 20", with: "widths: zero_pad") }.shape?.stochastic.widthMatching,
                       .zeroPad)
    }
}
