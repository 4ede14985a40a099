import Foundation
import XCTest

/// `neurorep run` end to end on the committed sample study: resume after a kill gives
/// byte-identical outputs, a failing subject does not stop the batch, shards cover every
/// subject once, and config errors stop the run before anything is written.
final class RunCommandTests: XCTestCase {
    let config = CLI.repo + "/Pipelines/fmriprep-connectivity.yaml"

    func testResumeAfterKillIsByteIdenticalToACleanRun() throws {
        let clean = CLI.temporaryDirectory("clean"), killed = CLI.temporaryDirectory("killed")
        defer { try? FileManager.default.removeItem(atPath: clean); try? FileManager.default.removeItem(atPath: killed) }
        let a = try CLI.run(["run", config, "--out", clean])
        XCTAssertEqual(a.status, 0, a.err + a.out)
        let reference = CLI.files(under: clean)
        XCTAssertGreaterThan(reference.count, 50)
        // interrupt at several points; after each kill every visible file must be complete
        for delay in [0.15, 0.5, 1.0] {
            try CLI.runAndKill(["run", config, "--out", killed, "--jobs", "1"], after: delay)
            for (rel, data) in CLI.files(under: killed) where !(rel as NSString).lastPathComponent.hasPrefix(".") && !rel.contains("/.") {
                XCTAssertEqual(data, reference[rel], "after a kill at \(delay) s, \(rel) is partial or different")
            }
        }
        let b = try CLI.run(["run", config, "--out", killed])
        XCTAssertEqual(b.status, 0, b.err + b.out)
        let resumed = CLI.files(under: killed)
        XCTAssertEqual(Set(resumed.keys), Set(reference.keys))
        for (rel, data) in reference { XCTAssertEqual(resumed[rel], data, rel) }
        // a third run has nothing left to do
        let c = try CLI.run(["run", config, "--out", killed])
        XCTAssertTrue(c.out.contains("0 ran"), c.out)
    }

    func testAFailingSubjectIsRecordedAndTheOthersFinish() throws {
        let study = CLI.temporaryDirectory("study"), out = CLI.temporaryDirectory("out")
        defer { try? FileManager.default.removeItem(atPath: study); try? FileManager.default.removeItem(atPath: out) }
        let cfg = try CLI.sampleStudyWithTruncatedSub02(at: study, config: config)
        let r = try CLI.run(["run", cfg, "--out", out])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.out.contains("sub-02"), r.out)
        XCTAssertTrue(r.err.contains("sub-02") && r.err.contains("gzip stream cut short"), r.err)
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(out)/sub-01/func/sub-01_task-rest_atlas-sample_meas-correlation_relmat.tsv"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(out)/sub-03/func/sub-03_task-rest_atlas-sample_meas-correlation_relmat.tsv"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(out)/sub-02/func"))
    }

    func testSubjectsWithIdenticalInputFilesAreEachProcessed() throws {
        // work is keyed by inputs *and* by what it writes: two subjects given the same BOLD file
        // (a copied or symlinked run) must both get their outputs
        let study = CLI.temporaryDirectory("twins"), out = CLI.temporaryDirectory("twins-out")
        defer { try? FileManager.default.removeItem(atPath: study); try? FileManager.default.removeItem(atPath: out) }
        let source = URL(fileURLWithPath: CLI.repo + "/SampleData").resolvingSymlinksInPath().path
        try FileManager.default.copyItem(atPath: source, toPath: study)
        let func1 = "\(study)/derivatives/fmriprep/sub-01/func/sub-01_task-rest_space-MNI152NLin2009cAsym_desc-preproc_bold.nii.gz"
        let func2 = "\(study)/derivatives/fmriprep/sub-02/func/sub-02_task-rest_space-MNI152NLin2009cAsym_desc-preproc_bold.nii.gz"
        try FileManager.default.removeItem(atPath: func2)
        try FileManager.default.copyItem(atPath: func1, toPath: func2)
        let yaml = try String(contentsOfFile: config, encoding: .utf8).replacingOccurrences(of: "../SampleData", with: study)
        try yaml.write(toFile: "\(study)/p.yaml", atomically: true, encoding: .utf8)
        let r = try CLI.run(["run", "\(study)/p.yaml", "--out", out])
        XCTAssertEqual(r.status, 0, r.err + r.out)
        for s in ["01", "02", "03"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: "\(out)/sub-\(s)/func/sub-\(s)_task-rest_atlas-sample_meas-correlation_relmat.tsv"), s)
        }
    }

    func testShardsThenGroupOnly() throws {
        let out = CLI.temporaryDirectory("shards")
        defer { try? FileManager.default.removeItem(atPath: out) }
        for i in 1...2 {
            let r = try CLI.run(["run", config, "--out", out, "--shard", "\(i)/2", "--skip-group"])
            XCTAssertEqual(r.status, 0, r.err + r.out)
        }
        for s in ["01", "02", "03"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: "\(out)/sub-\(s)/func/sub-\(s)_task-rest_atlas-sample_timeseries.tsv"), s)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(out)/group"))
        let g = try CLI.run(["run", config, "--out", out, "--group-only"])
        XCTAssertEqual(g.status, 0, g.err + g.out)
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(out)/group/atlas-sample_meas-tangent_desc-groupmean_relmat.tsv"))
    }

    func testConfigErrorsStopBeforeAnyOutput() throws {
        let dir = CLI.temporaryDirectory("badcfg")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "name: x\noutput: out\ninputs: {fmriprep: \(CLI.repo)/SampleData/derivatives/fmriprep}\nstages:\n  timeseries: {detrnd: true}\n"
            .write(toFile: "\(dir)/p.yaml", atomically: true, encoding: .utf8)
        let r = try CLI.run(["run", "\(dir)/p.yaml"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.err.contains("p.yaml:5:16: unknown key 'stages.timeseries.detrnd' (did you mean 'detrend'?)"), r.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(dir)/out"))
        let check = try CLI.run(["config", "check", "\(dir)/p.yaml"])
        XCTAssertNotEqual(check.status, 0)
        XCTAssertTrue(check.err.contains("did you mean 'detrend'"))
    }

    /// A valid config that cannot be planned (crossnobis on subjects with one task run) stops
    /// before any unit runs and leaves no output folder behind: not even the dataset description
    /// or the ledger the run had created. A folder that was there already keeps what it held.
    func testPlanErrorsLeaveNoOutputFolder() throws {
        let dir = CLI.temporaryDirectory("planerr")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let yaml = try String(contentsOfFile: "\(CLI.repo)/Pipelines/crossnobis.yaml", encoding: .utf8)
            .replacingOccurrences(of: "../SampleData", with: "\(CLI.repo)/SampleData")
            .replacingOccurrences(of: "output: ../out/crossnobis", with: "output: out")
            .replacingOccurrences(of: "  atlases:\n", with: "  filters:\n    run: ['1']\n  atlases:\n")
        try yaml.write(toFile: "\(dir)/p.yaml", atomically: true, encoding: .utf8)
        let r = try CLI.run(["run", "\(dir)/p.yaml"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.err.contains("crossnobis cross-validates over runs, but sub-01 has one task run"), r.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(dir)/out"))
        try FileManager.default.createDirectory(atPath: "\(dir)/out", withIntermediateDirectories: true)
        try "mine\n".write(toFile: "\(dir)/out/notes.txt", atomically: true, encoding: .utf8)
        XCTAssertNotEqual(try CLI.run(["run", "\(dir)/p.yaml"]).status, 0)
        XCTAssertEqual(try String(contentsOfFile: "\(dir)/out/notes.txt", encoding: .utf8), "mine\n")
    }
}

/// Issue 12, finding 10, end to end: hostile configs stop `run` and `config check` with a clear
/// error and write nothing (no trap, nothing outside the output folder, nothing beside the config).
final class HostileRunTests: XCTestCase {
    func testHostileConfigsWriteNothing() throws {
        let dir = CLI.temporaryDirectory("hostile-run")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: "\(dir)/cfg/atlasdir", withIntermediateDirectories: true)
        let data = URL(fileURLWithPath: CLI.repo + "/SampleData").resolvingSymlinksInPath().path
        let base = """
        name: x
        output: OUTPUT
        inputs:
          fmriprep: \(data)/derivatives/fmriprep
          atlases:
            - {name: 'NAME', image: IMAGE}
        stages:
          timeseries: {}

        """
        func attempt(output: String = "'out'", name: String = "sample", image: String = "\(data)/atlas/atlas-sample_space-MNI152NLin2009cAsym_dseg.nii.gz") throws -> CLI.Result {
            let yaml = base.replacingOccurrences(of: "OUTPUT", with: output).replacingOccurrences(of: "NAME", with: name).replacingOccurrences(of: "IMAGE", with: image)
            try yaml.write(toFile: "\(dir)/cfg/p.yaml", atomically: true, encoding: .utf8)
            return try CLI.run(["run", "\(dir)/cfg/p.yaml"])
        }
        let cases: [(CLI.Result, String)] = [
            (try attempt(name: "../../escape"), "is not a BIDS label"),
            (try attempt(output: "''"), "'output' must name a folder"),
            (try attempt(image: "atlasdir"), "is a folder; expected a file"),
        ]
        for (r, message) in cases {
            XCTAssertNotEqual(r.status, 0)
            XCTAssertTrue(r.err.contains(message), r.err)
            XCTAssertFalse(r.err.contains("Fatal error"), r.err)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: "\(dir)/cfg").sorted(), ["atlasdir", "p.yaml"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["cfg"])
    }
}
