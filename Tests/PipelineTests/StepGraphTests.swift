import Foundation
import XCTest
@testable import Pipeline

/// The step graph: steps wired by the kinds they consume and produce; one generic filter for
/// `--shard`, `--skip-group` and `--group-only`; a stage absent from `stages` never runs.
final class StepGraphTests: XCTestCase {
    static let repo = ShippedConfigs.repo
    var out: String!
    override func setUp() { out = FileManager.default.temporaryDirectory.appendingPathComponent("plan-\(UUID())").path }
    override func tearDown() { try? FileManager.default.removeItem(atPath: out) }

    func sample(_ edit: (String) -> String = { $0 }) throws -> PipelineConfig {
        try ShippedConfigs.load(pipeline: "sample.yaml", output: out, edit: edit)
    }

    func plan(_ c: PipelineConfig, shard: Shard? = nil, phases: PipelinePlan.Phases = .init()) throws -> [String] {
        try PipelinePlan(config: c, ledger: RunLedger(outputRoot: out), shard: shard, phases: phases).units.map { "\($0.subject) \($0.step)" }
    }

    func testEveryStepConsumesWhatAnEarlierStepOrAnInputProduces() {
        var available: Set<ArtifactKind> = [.boldRuns, .betaMaps, .activations]
        for s in StepCatalog.all {
            for k in s.consumes { XCTAssertTrue(available.contains(k), "\(s.name) consumes \(k) before anything produces it") }
            available.formUnion(s.produces)
        }
    }

    func testAStepWhoseInputsNothingProducesIsRejected() throws {
        var c = try sample()
        c.activations = []
        XCTAssertThrowsError(try StepCatalog.enabledSteps(c)) { XCTAssertTrue("\($0)".contains("step 'layer RDMs' needs network activations"), "\($0)") }
        c = try sample()
        c.timeseries = nil
        XCTAssertThrowsError(try StepCatalog.enabledSteps(c)) { XCTAssertTrue("\($0)".contains("needs ROI time series"), "\($0)") }
    }

    func testShardsAndPhasesAreAppliedByScope() throws {
        let c = try sample()
        let full = try plan(c)
        XCTAssertEqual(full.count, 26, "\(full)")
        XCTAssertEqual(full.filter { $0.hasSuffix(" glm") }.count, 3, "one GLM per subject")
        let shard = try plan(c, shard: Shard(index: 2, count: 3), phases: .init(subjects: true, group: false))
        XCTAssertEqual(Set(shard.map { $0.split(separator: " ")[0] }), ["02", "networks"], "\(shard)")
        XCTAssertEqual(shard.count, 8)
        let group = try plan(c, phases: .init(subjects: false, group: true))
        XCTAssertEqual(Set(group.map { $0.split(separator: " ")[0] }), ["group"])
        XCTAssertEqual(group.count, 4)
        XCTAssertEqual(Set(full), Set(try (1...3).flatMap { try plan(c, shard: Shard(index: $0, count: 3), phases: .init(subjects: true, group: false)) } + group))
    }

    func testAStageAbsentFromStagesNeverRuns() throws {
        // without stages.group: no group step at all (tangent, averages, model comparison, shape ranking)
        let c = try sample { $0.replacingOccurrences(of: "  group:\n    tangent: true\n    average: true\n    model_comparison: true\n", with: "") }
        XCTAssertNil(c.group)
        let units = try plan(c)
        XCTAssertFalse(units.contains { $0.hasPrefix("group") }, "\(units)")
        XCTAssertEqual(units.count, 22)
        // without stages.glm: no GLM unit; the representational steps then need inputs.betas
        let withoutGLM = { (t: String) in t.replacingOccurrences(of: #"  glm:\n(    .*\n)+"#, with: "", options: .regularExpression) }
        XCTAssertThrowsError(try sample(withoutGLM)) { XCTAssertTrue("\($0)".contains("set 'inputs.betas' or configure stage 'glm'"), "\($0)") }
        let fmriOnly = try sample { withoutGLM($0).replacingOccurrences(of: #"  (rsa|trsa|shape):\n(    .*\n)+"#, with: "", options: .regularExpression) }
        XCTAssertNil(fmriOnly.glm)
        XCTAssertFalse(try plan(fmriOnly).contains { $0.hasSuffix(" glm") })
    }
}
