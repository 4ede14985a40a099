import ArrayFiles
import Foundation
import NIfTI
import TestSupport
import XCTest

/// `neurorep glm` end to end on the GLM fixtures (Tests/GLMTests/Fixtures, nilearn 0.14.1 values).
final class GLMCommandTests: XCTestCase {
    static var fixtures: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("GLMTests/Fixtures")
    }
    static func input(_ n: String) -> String { fixtures.appendingPathComponent(n).path }
    func temporaryFolder() -> String { FileManager.default.temporaryDirectory.appendingPathComponent("glm-cli-\(UUID().uuidString.prefix(8))").path }

    func testTwoRunsOLSMatchNilearnAndNameOutputsFromEntities() throws {
        let out = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let bold = [1, 2].map { Self.input("sub-01_task-objects_run-\($0)_bold.nii.gz") }
        let events = [1, 2].map { Self.input("sub-01_task-objects_run-\($0)_events.tsv") }
        let r = try CLI.run(["glm", "--bold"] + bold + ["--events"] + events + ["--t-r", "2", "--mask", Self.input("mask.nii.gz"),
                            "--noise-model", "ols", "--contrast", "faceVsHouse=face - house", "--beta-series", "lsa", "--out", out])
        XCTAssertEqual(r.status, 0, r.err)
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: out))
        for n in ["sub-01_task-objects_run-1_design.tsv", "sub-01_task-objects_run-2_design.json",
                  "sub-01_task-objects_contrast-face_stat-z_statmap.nii.gz", "sub-01_task-objects_contrast-faceVsHouse.json",
                  "sub-01_task-objects_run-2_desc-lsa_stat-effect_statmap.nii.gz", "sub-01_task-objects_run-1_desc-lsa_trials.tsv"] {
            XCTAssertTrue(names.contains(n), "missing \(n)")
        }
        // data: 2 designs, 5 contrasts x 5 statistics, 2 runs x (4D effects + trials); one sidecar per stem: 2 + 5 + 2
        XCTAssertEqual(names.count, 2 + 5 * 5 + 2 * 2 + (2 + 5 + 2))
        // The z map of "face - house" against nilearn (two runs, fixed effects), float32 maps.
        let refs = try NPZ.read(Self.input("refs.npz"))
        let ref = refs.first { $0.name.hasPrefix("glm_ols_2_0_4_z_score") }!.array.doubles
        let mask = try NIfTIImage.open(Self.input("mask.nii.gz")).readVolume(0)
        let z = try NIfTIImage.open("\(out)/sub-01_task-objects_contrast-faceVsHouse_stat-z_statmap.nii.gz").readVolume(0)
        // nilearn's masker order: i slowest, k fastest.
        var ours: [Double] = []
        for i in 0..<8 { for j in 0..<7 { for k in 0..<6 where mask[i + 8 * (j + 7 * k)] != 0 { ours.append(Double(z[i + 8 * (j + 7 * k)])) } } }
        assertScaledClose(ours, ref, tol: 1e-6, "z face - house")
        let side = try JSONValue.load("\(out)/sub-01_task-objects_contrast-faceVsHouse.json")
        XCTAssertEqual(side["DegreesOfFreedom"].double, 182)
        XCTAssertEqual(side["Inputs"].array.count, 5)
        // the contrast's sidecar names its five maps, each with its SHA-256
        let listed = side["Files"].array
        let maps = ["effect", "variance", "t", "z", "p"].map { "sub-01_task-objects_contrast-faceVsHouse_stat-\($0)_statmap.nii.gz" }
        XCTAssertEqual(Set(listed.compactMap { $0["path"].string }), Set(maps))
        let sums = try CLI.sha256sums(in: out, maps)
        for f in listed { XCTAssertEqual(f["sha256"].string, sums[f["path"].string ?? ""], f["path"].string ?? "") }
    }

    /// `--stats effect,variance,z` (what nilearn's examples save): only those three maps per
    /// contrast, listed by the sidecar, holding nilearn's values; an unknown name fails before any work.
    func testStatsChoosesTheMapsWritten() throws {
        let out = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let bold = [1, 2].map { Self.input("sub-01_task-objects_run-\($0)_bold.nii.gz") }
        let events = [1, 2].map { Self.input("sub-01_task-objects_run-\($0)_events.tsv") }
        let args = ["glm", "--bold"] + bold + ["--events"] + events + ["--t-r", "2", "--mask", Self.input("mask.nii.gz"), "--out", out]
        let r = try CLI.run(args + ["--stats", "z,effect,variance"])
        XCTAssertEqual(r.status, 0, r.err)
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: out))
        // 2 designs + 4 conditions x 3 maps, sidecars: 2 designs + 4 contrasts
        XCTAssertEqual(names.count, 2 + 4 * 3 + 2 + 4, "\(names.sorted())")
        XCTAssertFalse(names.contains { $0.contains("_stat-t_") || $0.contains("_stat-p_") })
        let side = try JSONValue.load("\(out)/sub-01_task-objects_contrast-face.json")
        XCTAssertEqual(Set(side["Files"].array.compactMap { $0["path"].string }),
                       Set(["effect", "variance", "z"].map { "sub-01_task-objects_contrast-face_stat-\($0)_statmap.nii.gz" }))
        XCTAssertEqual(side["Parameters"]["stats"].array.compactMap(\.string), ["effect", "variance", "z"])
        // contents: nilearn's AR(1) two-run fixed effects for "face" (contrast 0)
        let refs = try NPZ.read(Self.input("refs.npz"))
        let mask = try NIfTIImage.open(Self.input("mask.nii.gz")).readVolume(0)
        for (stat, key) in [("effect", "effect_size"), ("variance", "effect_variance"), ("z", "z_score")] {
            let ref = refs.first { $0.name.hasPrefix("glm_ar1_2_0_0_\(key)") }!.array.doubles
            let map = try NIfTIImage.open("\(out)/sub-01_task-objects_contrast-face_stat-\(stat)_statmap.nii.gz").readVolume(0)
            var ours: [Double] = []
            for i in 0..<8 { for j in 0..<7 { for k in 0..<6 where mask[i + 8 * (j + 7 * k)] != 0 { ours.append(Double(map[i + 8 * (j + 7 * k)])) } } }
            assertScaledClose(ours, ref, tol: 1e-6, "face \(stat)")
        }
        let bad = try CLI.run(args.map { $0 == out ? out + "-bad" : $0 } + ["--stats", "effect,zscore"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.err.contains("--stats") && bad.err.contains("'zscore'"), bad.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out + "-bad"))
    }

    func testBadEventsFailWithoutOutput() throws {
        let out = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let ev = out + "-events.tsv"
        try "onset\tduration\ttrial_type\n10\t-1\tface\n".write(toFile: ev, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: ev) }
        let r = try CLI.run(["glm", "--bold", Self.input("sub-01_task-objects_run-1_bold.nii.gz"), "--events", ev, "--t-r", "2",
                             "--mask", Self.input("mask.nii.gz"), "--out", out])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.err.contains(ev) && r.err.contains("row 2") && r.err.contains("negative duration"), r.err)
        // not even the --out folder the command would have created
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }

    /// "1,,2" was read as the delays 1 and 2 (empty fields dropped); a typo is reported.
    func testFIRDelaysWithAnEmptyField() throws {
        let out = temporaryFolder()
        let r = try CLI.run(["glm", "--bold", Self.input("sub-01_task-objects_run-1_bold.nii.gz"), "--events", Self.input("sub-01_task-objects_run-1_events.tsv"),
                             "--t-r", "2", "--mask", Self.input("mask.nii.gz"), "--hrf", "fir", "--fir-delays", "1,,2", "--out", out])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.err.contains("--fir-delays") && r.err.contains("'1,,2'"), r.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }
}
