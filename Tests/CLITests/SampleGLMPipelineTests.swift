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
