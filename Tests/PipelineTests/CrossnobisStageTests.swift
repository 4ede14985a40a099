import ArrayFiles
import Foundation
import RSA
import TestSupport
import XCTest
@testable import Pipeline

/// `stages.rsa.method: crossnobis` on the `glm` stage's runs (`Pipelines/crossnobis.yaml` on the
/// sample study): every ROI's RDM equals an independent computation — nilearn 0.14.1
/// FirstLevelModel per run and rsatoolbox 0.3.2 `calc_rdm(crossnobis)` with
/// `prec_from_residuals([run residuals], dof)` (`Fixtures/crossnobis/make_crossnobis_refs.py`) —
/// the sample's designed answer still holds, and configs that cannot work are config errors.
final class CrossnobisStageTests: XCTestCase {
    static let repo = ShippedConfigs.repo
    var out: String!
    override func setUp() { out = FileManager.default.temporaryDirectory.appendingPathComponent("crossnobis-\(UUID())").path }
    override func tearDown() { try? FileManager.default.removeItem(atPath: out) }

    func load(_ text: String) throws -> PipelineConfig {
        try ShippedConfigs.load(text, output: out)
    }

    var crossnobisYAML: String { get throws { try ShippedConfigs.text("crossnobis.yaml") } }

    func testROIRDMsEqualNilearnPerRunAndRsatoolboxCrossnobisAndTheDesignedAnswerHolds() throws {
        var run = PipelineRun(config: try load(try crossnobisYAML))
        run.jobs = 2
        let outcomes = try run.run()
        XCTAssertTrue(outcomes.allSatisfy { $0.error == nil }, "\(outcomes.compactMap(\.error))")
        let refs = Dictionary(uniqueKeysWithValues: try NPZ.read(Bundle.module.resourceURL!.appendingPathComponent("Fixtures/crossnobis/crossnobis_rdms.npz").path)
            .map { ($0.name, $0.array) })
        for s in ["01", "02", "03"] {
            let ours = try NPY.read("\(out!)/sub-\(s)/rsa/sub-\(s)_atlas-sample_meas-crossnobis_rdms.npy")
            let ref = try XCTUnwrap(refs["sub-\(s)"])
            XCTAssertEqual(ours.shape, [8, 12, 12])
            XCTAssertEqual(ref.shape, [8, 12, 12])
            // per ROI, relative to its largest dissimilarity: the maps and residuals are stored as
            // float32 (1e-7 relative); measured 1.5e-8 (mahalanobis 1.2e-8)
            for r in 0..<8 {
                let a = Array(ours.doubles[(r * 144)..<((r + 1) * 144)]), b = Array(ref.doubles[(r * 144)..<((r + 1) * 144)])
                let scale = b.map(abs).max() ?? 1
                let err = zip(a, b).map { abs($0 - $1) }.max() ?? 0
                XCTAssertLessThan(err, 1e-6 * scale, "sub-\(s) ROI \(r)")
            }
            // the glm unit's per-run maps and ROI residuals, each with its sidecar
            for f in ["sub-\(s)_task-objects_run-1_desc-conditions_stat-effect_statmap.nii.gz", "sub-\(s)_task-objects_run-2_desc-conditions_stat-effect_statmap.nii.gz",
                      "sub-\(s)_task-objects_run-1_desc-conditions.json", "sub-\(s)_task-objects_atlas-sample_desc-residuals_rois.npz",
                      "sub-\(s)_task-objects_atlas-sample_desc-residuals_rois.json"] {
                XCTAssertTrue(FileManager.default.fileExists(atPath: "\(out!)/sub-\(s)/glm/\(f)"), f)
            }
            let side = try JSONValue.load("\(out!)/sub-\(s)/rsa/sub-\(s)_atlas-sample_meas-crossnobis_rdms.json")
            XCTAssertEqual(side["Parameters"]["noise"].string, "shrinkage_diag")
            XCTAssertTrue(side["Inputs"].array.contains { $0["path"].string == "sub-\(s)/glm/sub-\(s)_task-objects_atlas-sample_desc-residuals_rois.npz" }, "\(side["Inputs"])")
        }
        // mahalanobis reads the same glm outputs (the glm unit's key does not depend on which of the
        // two methods asks): condition means over runs, precision inv(mean_r S_r)
        let maha = try load(try crossnobisYAML.replacingOccurrences(of: "method: crossnobis", with: "method: mahalanobis"))
        let steps = try RepresentationSteps(context: PlanContext(config: maha, layout: OutputLayout(root: out), ledger: RunLedger(outputRoot: out), command: "test"))
        for s in ["01", "02", "03"] {
            let runs = try Discovery.taskRuns(for: maha).filter { $0.run.subject == s }.map(\.run)
            let files = try GLMRunPatterns.files(config: maha, layout: OutputLayout(root: out), subject: s, runs: runs,
                                                 combinedPrefix: GLMUnits(context: steps.context).prefix(runs))
            let (names, rdms) = try steps.runwiseROIRDMs(subject: s, runPatterns: files)
            XCTAssertEqual(names, ["V1", "V2", "V4", "IT", "PPA", "M1", "PCC", "mPFC"])
            let ref = try XCTUnwrap(refs["sub-\(s)_mahalanobis"])
            for (r, rdm) in rdms.enumerated() {
                let b = Array(ref.doubles[(r * 144)..<((r + 1) * 144)])
                let a = rdm.square.elements
                let scale = b.map(abs).max() ?? 1
                XCTAssertLessThan(zip(a, b).map { abs($0 - $1) }.max() ?? 0, 1e-6 * scale, "mahalanobis sub-\(s) ROI \(r)")
            }
        }
        // networks have no runs: their layers are euclidean
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(out!)/networks/layers_meas-euclidean_rdms.npy"))
        let t = try DelimitedTable.read("\(out!)/group/atlas-sample_meas-spearman_desc-bestlayer_ranking.tsv")
        let best = Dictionary(uniqueKeysWithValues: t.rows.map { ($0[0], $0[1]) })
        for roi in ["V1", "V2"] { XCTAssertTrue(best[roi]?.hasSuffix(":layer1") ?? false, "\(roi) -> \(best[roi] ?? "-")") }
        for roi in ["IT", "PPA"] { XCTAssertTrue(best[roi]?.hasSuffix(":layer3") ?? false, "\(roi) -> \(best[roi] ?? "-")") }
    }

    func testTheNoiseEstimatorIsAParameterOfTheRSAStepOnlyAndOtherMethodsKeepTheirKeys() throws {
        let base = try crossnobisYAML
        let a = try PipelinePlan(config: try load(base), ledger: RunLedger(outputRoot: out))
        let b = try PipelinePlan(config: try load(base.replacingOccurrences(of: "noise: shrinkage_diag", with: "noise: shrinkage_eye")), ledger: RunLedger(outputRoot: out))
        func key(_ p: PipelinePlan, _ step: String) -> String? { p.units.first { $0.subject == "01" && $0.step == step }?.key }
        XCTAssertEqual(key(a, "glm"), key(b, "glm"), "another estimator does not refit the GLM")
        XCTAssertNotEqual(key(a, "rsa atlas-sample"), key(b, "rsa atlas-sample"))
        // a method without runs asks the glm unit for nothing more: its key is the plain GLM's
        let plain = base.replacingOccurrences(of: "    method: crossnobis\n    noise: shrinkage_diag\n    layer_method: euclidean\n", with: "    method: euclidean\n")
        let c = try PipelinePlan(config: try load(plain), ledger: RunLedger(outputRoot: out))
        XCTAssertNotEqual(key(a, "glm"), key(c, "glm"))
        let glmOnly = plain.replacingOccurrences(of: "  rsa:\n    method: euclidean\n    compare: spearman\n    bootstrap: 1000\n  group:\n    model_comparison: true\n", with: "")
        let d = try PipelinePlan(config: try load(glmOnly), ledger: RunLedger(outputRoot: out))
        XCTAssertEqual(key(c, "glm"), key(d, "glm"))
    }

    func testConfigsThatCannotWorkAreConfigErrors() throws {
        let base = try crossnobisYAML
        func message(_ yaml: String) -> String {
            do { _ = try load(yaml); return "" } catch { return "\(error)" }
        }
        // external beta maps have no runs or residuals
        let glmStage = String(base[base.range(of: "  glm:\n")!.lowerBound..<base.range(of: "  rsa:\n")!.lowerBound])
        let betas = base.replacingOccurrences(of: glmStage, with: "")
            .replacingOccurrences(of: "  activations:\n", with: "  betas:\n    pattern: ../SampleData/x-{participant}.nii.gz\n    conditions: ../SampleData/activations/conditions.tsv\n  activations:\n")
        let m = message(betas)
        XCTAssertTrue(m.contains("crossnobis") && m.contains("'inputs.betas' have no runs or residuals"), m)
        XCTAssertTrue(message(betas.replacingOccurrences(of: "method: crossnobis", with: "method: mahalanobis")).contains("mahalanobis whitens"))
        // unknown noise estimator
        let n = message(base.replacingOccurrences(of: "noise: shrinkage_diag", with: "noise: ledoit"))
        XCTAssertTrue(n.contains("ledoit") && n.contains("shrinkage_diag"), n)
        // noise with a method that has none
        let c = message(base.replacingOccurrences(of: "method: crossnobis", with: "method: correlation"))
        XCTAssertTrue(c.contains("'stages.rsa.noise' applies to the methods mahalanobis and crossnobis"), c)
        // layers have no noise estimate
        XCTAssertTrue(message(base.replacingOccurrences(of: "layer_method: euclidean", with: "layer_method: mahalanobis")).contains("mahalanobis"))
        // the defaults: shrinkage_diag noise, euclidean layers; the same method as the ROIs otherwise
        let d = try load(base.replacingOccurrences(of: "    noise: shrinkage_diag\n    layer_method: euclidean\n", with: ""))
        XCTAssertEqual(d.rsa?.noise, .shrinkageDiag)
        XCTAssertEqual(d.rsa?.layers, .euclidean)
        XCTAssertNil(try load(base.replacingOccurrences(of: "noise: shrinkage_diag", with: "noise: none")).rsa?.noise)
        let corr = try load(base.replacingOccurrences(of: "    method: crossnobis\n    noise: shrinkage_diag\n    layer_method: euclidean\n", with: "    method: cosine\n"))
        XCTAssertEqual(corr.rsa?.layers, .cosine)
        // a subject with one task run cannot be cross-validated: refused when planning, naming
        // the subject and its run, before any GLM is fitted
        let oneRun = try load(base.replacingOccurrences(of: "  fmriprep: ../SampleData/derivatives/fmriprep\n",
                                                        with: "  fmriprep: ../SampleData/derivatives/fmriprep\n  filters:\n    run: ['1']\n"))
        XCTAssertThrowsError(try PipelinePlan(config: oneRun, ledger: RunLedger(outputRoot: out))) {
            let m = "\($0)"
            XCTAssertTrue(m.contains("crossnobis") && m.contains("sub-01 has one task run") && m.contains("sub-01_task-objects_run-1"), m)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out + "/sub-01/glm"))
        let mahalanobis = try load(base.replacingOccurrences(of: "method: crossnobis", with: "method: mahalanobis")
            .replacingOccurrences(of: "  fmriprep: ../SampleData/derivatives/fmriprep\n", with: "  fmriprep: ../SampleData/derivatives/fmriprep\n  filters:\n    run: ['1']\n"))
        XCTAssertNoThrow(try PipelinePlan(config: mahalanobis, ledger: RunLedger(outputRoot: out)))
    }
    /// `layer_method: crossnobis` cross-validates over a layer's samples axis; a layer without one
    /// is an error naming it.
    func testLayerCrossnobisUsesTheSamplesAxisAndRefusesADeterministicLayer() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cnlayers-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var g = SeededValues(seed: 3)
        let sampled = NPYArray(shape: [12, 3, 5], doubles: (0..<180).map { _ in g.next() })
        let flat = NPYArray(shape: [12, 5], doubles: (0..<60).map { _ in g.next() })
        try NPZ.write([("sampled", sampled)], to: "\(dir)/s.npz")
        try NPZ.write([("sampled", sampled), ("flat", flat)], to: "\(dir)/f.npz")
        let base = try crossnobisYAML.replacingOccurrences(of: "layer_method: euclidean", with: "layer_method: crossnobis")
        func steps(_ file: String) throws -> RepresentationSteps {
            var c = try load(base.replacingOccurrences(of: "../SampleData/activations/netA.npz", with: file)
                .replacingOccurrences(of: "    - network: netB\n      file: ../SampleData/activations/netB.npz\n", with: ""))
            c.output = out
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            return try RepresentationSteps(context: PlanContext(config: c, layout: OutputLayout(root: out), ledger: RunLedger(outputRoot: out), command: "test"))
        }
        let layers = try steps("\(dir)/s.npz").computeLayerRDMs()
        XCTAssertEqual(layers.map(\.rdm.measure), ["crossnobis"])
        // samples become runs (conditions x samples x units -> samples x conditions x units)
        var v = [Double](repeating: 0, count: 180)
        for c in 0..<12 { for r in 0..<3 { for u in 0..<5 { v[(r * 12 + c) * 5 + u] = sampled.doubles[(c * 3 + r) * 5 + u] } } }
        let expected = try RDMCalculator.compute(try PatternSet(runs: 3, conditions: 12, channels: 5, values: v), method: .crossnobis)
        XCTAssertEqual(layers[0].rdm.dissimilarities, expected.dissimilarities)
        XCTAssertThrowsError(try steps("\(dir)/f.npz").computeLayerRDMs()) {
            XCTAssertTrue("\($0)".contains("layer flat has no samples axis"), "\($0)")
        }
    }
}

/// Deterministic values in [-1, 1) for generated activations.
struct SeededValues {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53) * 2 - 1
    }
}
