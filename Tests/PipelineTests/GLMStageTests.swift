import Foundation
import XCTest
@testable import Pipeline

/// The `glm` stage: task runs and their BIDS events found, one unit per subject whose beta maps
/// the representational steps depend on (by key, before they exist), configs that cannot work
/// rejected.
final class GLMStageTests: XCTestCase {
    static let repo = ShippedConfigs.repo
    var out: String!
    override func setUp() { out = FileManager.default.temporaryDirectory.appendingPathComponent("glmplan-\(UUID())").path }
    override func tearDown() { try? FileManager.default.removeItem(atPath: out) }

    func load(_ text: String) throws -> PipelineConfig { try ShippedConfigs.load(text, output: out) }

    func sample() throws -> PipelineConfig { try ShippedConfigs.load(pipeline: "sample.yaml", output: out) }

    func testTaskRunsAndTheirEventsInTheBIDSDataset() throws {
        let c = try sample()
        XCTAssertEqual(c.glm?.task, ["objects"])
        XCTAssertEqual(c.glm?.options.noise, .ar1)
        XCTAssertEqual(c.glm?.options.design.hrf, .glover)
        let runs = try Discovery.taskRuns(for: c)
        XCTAssertEqual(runs.map(\.run.subject), ["01", "01", "02", "02", "03", "03"])
        for r in runs {
            XCTAssertEqual(r.run.entities.value("task"), "objects")
            let run = try XCTUnwrap(r.run.entities.value("run"))
            XCTAssertEqual(r.events, "\(Self.repo)/SampleData/sub-\(r.run.subject)/func/sub-\(r.run.subject)_task-objects_run-\(run)_events.tsv")
        }
    }

    func testEventsBesideTheBOLDComeFirstAndOneFileMayServeEveryRun() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("glmev-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fm = FileManager.default
        try fm.createDirectory(atPath: "\(dir)/derivatives/fmriprep/sub-01/func", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: "\(dir)/sub-01/func", withIntermediateDirectories: true)
        let bold = "\(dir)/derivatives/fmriprep/sub-01/func/sub-01_task-a_run-2_space-MNI_desc-preproc_bold.nii.gz"
        let run = try Discovery.describe(bold)
        let root = try XCTUnwrap(Discovery.bidsRoot(ofDerivatives: "\(dir)/derivatives/fmriprep"))
        XCTAssertNil(Discovery.events(for: run, bidsRoot: root))
        // BIDS inheritance: the task's events without run-
        try "onset\tduration\ttrial_type\n".write(toFile: "\(dir)/sub-01/func/sub-01_task-a_events.tsv", atomically: true, encoding: .utf8)
        XCTAssertEqual(Discovery.events(for: run, bidsRoot: root), "\(dir)/sub-01/func/sub-01_task-a_events.tsv")
        // the run's own file wins over the inherited one
        try "onset\tduration\ttrial_type\n".write(toFile: "\(dir)/sub-01/func/sub-01_task-a_run-2_events.tsv", atomically: true, encoding: .utf8)
        XCTAssertEqual(Discovery.events(for: run, bidsRoot: root), "\(dir)/sub-01/func/sub-01_task-a_run-2_events.tsv")
        // beside the BOLD comes first
        let beside = "\(dir)/derivatives/fmriprep/sub-01/func/sub-01_task-a_run-2_events.tsv"
        try "onset\tduration\ttrial_type\n".write(toFile: beside, atomically: true, encoding: .utf8)
        XCTAssertEqual(Discovery.events(for: run, bidsRoot: root), beside)
        XCTAssertNil(Discovery.bidsRoot(ofDerivatives: "\(dir)/elsewhere/fmriprep"))
    }

    func testRepresentationalUnitsDependOnTheirSubjectsGLMUnit() throws {
        let plan = try PipelinePlan(config: try sample(), ledger: RunLedger(outputRoot: out))
        let glm = plan.units.filter { $0.step == "glm" }
        XCTAssertEqual(glm.map(\.subject), ["01", "02", "03"])
        for s in ["01", "02", "03"] {
            let key = try XCTUnwrap(glm.first { $0.subject == s }?.key)
            let rsa = try XCTUnwrap(plan.units.first { $0.subject == s && $0.step.hasPrefix("rsa") })
            let shape = try XCTUnwrap(plan.units.first { $0.subject == s && $0.step.hasPrefix("shape") })
            XCTAssertTrue(rsa.dependencies.contains(key), "rsa of sub-\(s) waits for its GLM")
            XCTAssertTrue(shape.dependencies.contains(key), "shape of sub-\(s) waits for its GLM")
        }
        // a changed GLM parameter changes the keys of the GLM and of what reads its beta maps
        var c = try sample()
        c.glm?.options.noise = .ols
        let other = try PipelinePlan(config: c, ledger: RunLedger(outputRoot: out))
        for step in ["glm", "rsa atlas-sample", "shape atlas-sample"] {
            XCTAssertNotEqual(plan.units.first { $0.subject == "01" && $0.step == step }?.key,
                              other.units.first { $0.subject == "01" && $0.step == step }?.key, step)
        }
        // a shard plans its own subjects' GLM only
        let shard = try PipelinePlan(config: try sample(), ledger: RunLedger(outputRoot: out), shard: Shard(index: 2, count: 3),
                                     phases: .init(subjects: true, group: false))
        XCTAssertEqual(shard.units.filter { $0.step == "glm" }.map(\.subject), ["02"])
    }

    func testConfigsThatCannotWorkAreRejected() throws {
        let base = try String(contentsOfFile: Self.repo + "/Pipelines/brain-vs-network.yaml", encoding: .utf8)
        // both external beta maps and the GLM
        let both = base.replacingOccurrences(of: "  activations:\n", with: "  betas:\n    pattern: ../SampleData/x-{participant}.nii.gz\n    conditions: ../SampleData/activations/conditions.tsv\n  activations:\n")
        XCTAssertThrowsError(try load(both)) { XCTAssertTrue("\($0)".contains("both 'inputs.betas' and stage 'glm'"), "\($0)") }
        // rsa on GLM beta maps needs the conditions order
        let noConditions = base.replacingOccurrences(of: "    conditions: ../SampleData/activations/conditions.tsv\n", with: "")
        XCTAssertThrowsError(try load(noConditions)) { XCTAssertTrue("\($0)".contains("stage 'glm' needs 'conditions'"), "\($0)") }
        // choices come from the GLM library
        XCTAssertThrowsError(try load(base.replacingOccurrences(of: "noise_model: ar1", with: "noise_model: ar2"))) {
            XCTAssertTrue("\($0)".contains("ar2"), "\($0)")
        }
        XCTAssertThrowsError(try load(base.replacingOccurrences(of: "hrf: glover", with: "hrf: gamma"))) {
            XCTAssertTrue("\($0)".contains("gamma"), "\($0)")
        }
        // fir gives no single effect map per condition: not a choice of the stage
        XCTAssertThrowsError(try load(base.replacingOccurrences(of: "hrf: glover", with: "hrf: fir"))) {
            XCTAssertTrue("\($0)".contains("'stages.glm.hrf' = 'fir' is not one of"), "\($0)")
        }
        // a task with no runs
        let c = try load(base.replacingOccurrences(of: "task: [objects]", with: "task: [nback]"))
        XCTAssertThrowsError(try Discovery.taskRuns(for: c)) { XCTAssertTrue("\($0)".contains("no BOLD run found"), "\($0)") }
        // the rest runs have no events: without a task they are left out
        let any = try load(base.replacingOccurrences(of: "    task: [objects]\n", with: ""))
        XCTAssertEqual(try Discovery.taskRuns(for: any).count, 6)
    }
}
