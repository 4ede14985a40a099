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
    /// A sidecar that is there must be usable: unreadable JSON or a RepetitionTime that is not a
    /// positive number is an error naming the sidecar (it used to fall back to the header silently,
    /// or pass 0 on to cleaning). Runs the filters leave out are not read.
    func testBrokenSidecarIsAnErrorNamingIt() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("disc-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let src = "\(Self.repo)/SampleData/derivatives/fmriprep/sub-01/func/sub-01_task-rest_space-MNI152NLin2009cAsym_desc-preproc_bold.nii.gz"
        let bold = "\(dir)/sub-01_task-rest_bold.nii.gz"
        try FileManager.default.copyItem(atPath: src, toPath: bold)
        let sidecar = "\(dir)/sub-01_task-rest_bold.json"
        for (text, expected) in [("{\"RepetitionTime\": 0}", "RepetitionTime must be a positive number"),
                                 ("{\"RepetitionTime\": -2.0}", "RepetitionTime must be a positive number"),
                                 ("{\"RepetitionTime\": \"2.0\"}", "RepetitionTime must be a positive number"),
                                 ("{\"RepetitionTime\": true}", "RepetitionTime must be a positive number"),
                                 ("{\"RepetitionTime\": 2.0", "not a JSON object"), ("[2.0]", "not a JSON object")] {
            try text.write(toFile: sidecar, atomically: true, encoding: .utf8)
            let c = try config("  bold: ['\(bold)']")
            XCTAssertThrowsError(try Discovery.runs(for: c), text) { e in
                XCTAssertTrue("\(e)".contains(sidecar) && "\(e)".contains(expected), "\(e)")
            }
            XCTAssertThrowsError(try Discovery.runs(for: try config("  bold: ['\(bold)']\n  filters: {task: [nback]}")), text) { e in
                XCTAssertTrue("\(e)".contains("no BOLD run found"), "a filtered-out run's sidecar is not read: \(e)")
            }
        }
        try "{\"RepetitionTime\": 1.5}".write(toFile: sidecar, atomically: true, encoding: .utf8)
        // the config also finds the sample study's runs: pick this run by its path (which sorts
        // first depends on where the checkout and the temporary folder are)
        let runs = try Discovery.runs(for: try config("  bold: ['\(bold)']"))
        XCTAssertEqual(runs.first { $0.bold == bold }?.repetitionTime, 1.5)
    }
}
