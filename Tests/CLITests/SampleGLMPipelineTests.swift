import ArrayFiles
import Foundation
import NIfTI
import TestSupport
import XCTest

/// `Pipelines/brain-vs-network.yaml` on the sample study, beta maps made by its `glm` stage:
/// the group ranking recovers the designed answer (the sample's early visual ROIs follow the
/// networks' low-level layer, IT and PPA the category layer), and the stage's maps are
/// byte-identical to `neurorep glm` on the same runs and events.
final class SampleGLMPipelineTests: XCTestCase {
    static let study = CLI.repo + "/SampleData"
    static let run: String = {
        let root = CLI.temporaryDirectory("sample-glm")
        let r = try? CLI.run(["run", CLI.repo + "/Pipelines/brain-vs-network.yaml", "--out", root])
        precondition(r?.status == 0, "the run failed: \(r?.err ?? "")")
        return root
    }()

    override class func tearDown() { try? FileManager.default.removeItem(atPath: run) }

    func testGroupRankingNamesTheLowLevelLayerForEarlyVisualROIsAndTheCategoryLayerForITAndPPA() throws {
        for config in ["brain-vs-network", "sample"] {
            var root = Self.run
            if config == "sample" {
                root = CLI.temporaryDirectory("sample-all")
                defer { try? FileManager.default.removeItem(atPath: root) }
                let r = try CLI.run(["run", CLI.repo + "/Pipelines/sample.yaml", "--out", root])
                XCTAssertEqual(r.status, 0, r.err)
                try check(root, config)
            } else {
                try check(root, config)
            }
        }
    }

    func check(_ root: String, _ config: String) throws {
        let t = try DelimitedTable.read("\(root)/group/atlas-sample_meas-spearman_desc-bestlayer_ranking.tsv")
        let best = Dictionary(uniqueKeysWithValues: t.rows.map { ($0[0], $0[1]) })
        let p = Dictionary(uniqueKeysWithValues: t.rows.map { ($0[0], Double($0[3]) ?? 1) })
        for roi in ["V1", "V2"] { XCTAssertTrue(best[roi]?.hasSuffix(":layer1") ?? false, "\(config): \(roi) -> \(best[roi] ?? "-")") }
        for roi in ["IT", "PPA"] { XCTAssertTrue(best[roi]?.hasSuffix(":layer3") ?? false, "\(config): \(roi) -> \(best[roi] ?? "-")") }
        for roi in ["V1", "V2", "IT", "PPA"] { XCTAssertLessThan(p[roi] ?? 1, 0.01, "\(config): \(roi) above chance") }
        // the RSA read the GLM's beta maps (named in its sidecar with their checksum)
        let side = try JSONValue.load("\(root)/sub-01/rsa/sub-01_atlas-sample_desc-rsa_similarity.json")
        XCTAssertTrue(side["Inputs"].array.contains { $0["path"].string == "sub-01/glm/sub-01_task-objects_desc-conditions_stat-effect_statmap.nii.gz" },
                      "\(side["Inputs"])")
    }

    func testStageMapsEqualNeurorepGLMAndTheBetaMapsStackTheConditionEffects() throws {
        let root = Self.run
        let work = CLI.temporaryDirectory("glm-cli")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let bold = [1, 2].map { "\(Self.study)/derivatives/fmriprep/sub-02/func/sub-02_task-objects_run-\($0)_space-MNI152NLin2009cAsym_desc-preproc_bold.nii.gz" }
        let events = [1, 2].map { "\(Self.study)/sub-02/func/sub-02_task-objects_run-\($0)_events.tsv" }
        let r = try CLI.run(["glm", "--bold"] + bold + ["--events"] + events + ["--t-r", "2", "--out", work])
        XCTAssertEqual(r.status, 0, r.err)
        let cli = Set(try FileManager.default.contentsOfDirectory(atPath: work).filter { !$0.hasSuffix(".json") })
        let stage = Set(try FileManager.default.contentsOfDirectory(atPath: "\(root)/sub-02/glm").filter { !$0.hasSuffix(".json") })
        XCTAssertEqual(stage.subtracting(cli), ["sub-02_task-objects_desc-conditions_stat-effect_statmap.nii.gz"])
        XCTAssertEqual(cli.count, 2 + 12 * 5)
        for f in cli {
            XCTAssertEqual(FileManager.default.contents(atPath: "\(work)/\(f)"), FileManager.default.contents(atPath: "\(root)/sub-02/glm/\(f)"), f)
        }
        // volume k of the beta maps is condition k's effect map (conditions in activations/conditions.tsv order)
        let conditions = try DelimitedTable.read("\(Self.study)/activations/conditions.tsv").rows.map { $0[0] }
        let betas = try NIfTIImage.open("\(root)/sub-02/glm/sub-02_task-objects_desc-conditions_stat-effect_statmap.nii.gz")
        XCTAssertEqual(betas.header.volumeCount, 12)
        for (k, c) in conditions.enumerated() {
            let effect = try NIfTIImage.open("\(work)/sub-02_task-objects_contrast-\(c)_stat-effect_statmap.nii.gz").readVolume(0)
            XCTAssertEqual(try betas.readVolume(k), effect, c)
        }
        let side = try JSONValue.load("\(root)/sub-02/glm/sub-02_task-objects_desc-conditions.json")
        XCTAssertEqual(side["Conditions"].array.compactMap(\.string), conditions)
        XCTAssertEqual(side["Parameters"]["noise_model"].string, "ar1")
    }
}

/// Bad inputs of the `glm` stage end in errors naming the file and the problem; the other
/// subjects finish and the failing subject's representational steps are blocked.
final class GLMStageErrorTests: XCTestCase {
    func copyOfTheStudy(_ name: String) throws -> (study: String, config: String) {
        let study = CLI.temporaryDirectory(name)
        let source = URL(fileURLWithPath: CLI.repo + "/SampleData").resolvingSymlinksInPath().path
        try FileManager.default.copyItem(atPath: source, toPath: study)
        let yaml = try String(contentsOfFile: CLI.repo + "/Pipelines/brain-vs-network.yaml", encoding: .utf8).replacingOccurrences(of: "../SampleData", with: study)
        try yaml.write(toFile: "\(study)/p.yaml", atomically: true, encoding: .utf8)
        return (study, "\(study)/p.yaml")
    }

    func testAnEventOutsideTheRunFailsItsSubjectWithTheFileAndRow() throws {
        let (study, config) = try copyOfTheStudy("glm-bad-events")
        let out = CLI.temporaryDirectory("glm-bad-events-out")
        defer { try? FileManager.default.removeItem(atPath: study); try? FileManager.default.removeItem(atPath: out) }
        let events = "\(study)/sub-02/func/sub-02_task-objects_run-2_events.tsv"
        try (try String(contentsOfFile: events, encoding: .utf8) + "900.0\t2.0\tface1\n").write(toFile: events, atomically: true, encoding: .utf8)
        let r = try CLI.run(["run", config, "--out", out])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.err.contains(events) && r.err.contains("50"), r.err)   // the appended row is line 50
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(out)/sub-02/glm"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(out)/sub-02/rsa"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(out)/sub-01/glm/sub-01_task-objects_desc-conditions_stat-effect_statmap.nii.gz"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(out)/sub-03/rsa/sub-03_atlas-sample_desc-rsa_similarity.tsv"))
    }

    func testAConditionWithoutEventsAndARunWithoutATRAreErrors() throws {
        let (study, config) = try copyOfTheStudy("glm-bad-table")
        let out = CLI.temporaryDirectory("glm-bad-table-out")
        defer { try? FileManager.default.removeItem(atPath: study); try? FileManager.default.removeItem(atPath: out) }
        // the conditions table names a condition no run has (the networks' activations then disagree too: the GLM says so first)
        let table = "\(study)/activations/conditions.tsv"
        try (try String(contentsOfFile: table, encoding: .utf8) + "car1\tcar\n").write(toFile: table, atomically: true, encoding: .utf8)
        let r = try CLI.run(["run", config, "--out", out])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.err.contains("condition 'car1' has no events"), r.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(out)/sub-01/glm"))
        // no RepetitionTime in a task run's sidecar and no t_r: a config error before any output
        try "{}".write(toFile: "\(study)/derivatives/fmriprep/sub-01/func/sub-01_task-objects_run-1_space-MNI152NLin2009cAsym_desc-preproc_bold.json",
                       atomically: true, encoding: .utf8)
        let out2 = CLI.temporaryDirectory("glm-no-tr-out")
        defer { try? FileManager.default.removeItem(atPath: out2) }
        let t = try CLI.run(["run", config, "--out", out2])
        XCTAssertNotEqual(t.status, 0)
        XCTAssertTrue(t.err.contains("sub-01_task-objects_run-1_space-MNI152NLin2009cAsym_desc-preproc_bold.nii.gz has no RepetitionTime") && t.err.contains("'stages.glm.t_r'"), t.err)
    }
}
