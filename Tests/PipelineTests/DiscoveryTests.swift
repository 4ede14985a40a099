import Foundation
import XCTest
@testable import Pipeline

/// Finding BOLD runs and their confounds/sidecars in the committed sample study.
final class DiscoveryTests: XCTestCase {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    func config(_ extra: String) throws -> PipelineConfig {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("disc-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = "\(dir)/p.yaml"
        try """
        name: d
        output: out
        inputs:
          fmriprep: \(Self.repo)/SampleData/derivatives/fmriprep
        \(extra)
        stages: {}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return try PipelineConfig.load(path)
    }

    func testFMRIPrepLayoutWithConfoundsAndRepetitionTime() throws {
        XCTAssertEqual(try Discovery.runs(for: try config("")).count, 9, "a resting-state and two task runs per subject")
        let runs = try Discovery.runs(for: try config("  filters: {task: [rest]}"))
        XCTAssertEqual(runs.map(\.subject), ["01", "02", "03"])
        for r in runs {
            XCTAssertEqual(r.entities.value("task"), "rest")
            XCTAssertEqual(r.repetitionTime, 2.0)
            XCTAssertTrue(r.confounds?.hasSuffix("sub-\(r.subject)_task-rest_desc-confounds_timeseries.tsv") ?? false, "\(r)")
            XCTAssertNotNil(r.sidecar)
        }
    }

    func testEntityFiltersAndEmptySelections() throws {
        XCTAssertEqual(try Discovery.runs(for: try config("  filters: {participant: ['02', '03'], task: [rest]}")).map(\.subject), ["02", "03"])
        XCTAssertEqual(try Discovery.runs(for: try config("  filters: {participant: ['02'], task: [objects]}")).map { $0.entities.value("run") }, ["1", "2"])
        XCTAssertThrowsError(try Discovery.runs(for: try config("  filters: {task: [nback]}"))) { e in
            XCTAssertTrue("\(e)".contains("no BOLD run found (9 before the entity filters)"), "\(e)")
        }
    }

    func testExplicitGlobs() throws {
        let c = try config("  bold: ['\(Self.repo)/SampleData/derivatives/fmriprep/sub-0[12]/func/*_task-rest_*_bold.nii.gz']\n  filters: {participant: ['01', '02'], task: [rest]}")
        XCTAssertEqual(try Discovery.runs(for: c).map(\.subject), ["01", "02"])
        XCTAssertThrowsError(try Discovery.runs(for: try config("  bold: ['nothing/*.nii.gz']"))) { e in
            XCTAssertTrue("\(e)".contains("matches no file"), "\(e)")
        }
    }
}
