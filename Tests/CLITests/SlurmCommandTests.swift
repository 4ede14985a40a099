import Foundation
import XCTest

/// `neurorep slurm` writes the array and group scripts under the output folder and, with
/// `--submit`, submits both through the `sbatch` on PATH (here a fake that records its
/// arguments); `neurorep status` reads a run's ledger per subject and step.
final class SlurmCommandTests: XCTestCase {
    let config = CLI.repo + "/Pipelines/fmriprep-connectivity.yaml"

    func testScriptsAreWrittenUnderTheOutputFolder() throws {
        let out = CLI.temporaryDirectory("slurm out")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try CLI.run(["slurm", config, "--shards", "4", "--array-limit", "2", "--out", out, "--neurorep", "/opt/nr/neurorep"])
        XCTAssertEqual(r.status, 0, r.err)
        let array = try String(contentsOfFile: "\(out)/slurm/fmriprep-connectivity-shards.sbatch", encoding: .utf8)
        let group = try String(contentsOfFile: "\(out)/slurm/fmriprep-connectivity-group.sbatch", encoding: .utf8)
        XCTAssertTrue(array.contains("\n#SBATCH --array=0-3%2\n"), array)
        XCTAssertTrue(array.contains("\n#SBATCH \"--output=\(out)/logs/slurm-%A_%a.out\"\n"), array)
        XCTAssertTrue(array.contains("exec /opt/nr/neurorep run \(config) --out '\(out)' --shard \"$((SLURM_ARRAY_TASK_ID + 1))/4\" --skip-group"), array)
        XCTAssertTrue(group.contains("--group-only"), group)
        // Slurm needs the log folder to exist before a task starts
        var isDir: ObjCBool = false
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(out)/logs", isDirectory: &isDir) && isDir.boolValue)
        XCTAssertTrue(r.out.contains("sbatch --dependency=afterok:"), r.out)
        let bad = try CLI.run(["slurm", config, "--shards", "0", "--out", out])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.err.contains("--shards must be at least 1"), bad.err)
    }

    func testSubmitQueuesTheArrayThenTheGroupJobAfterIt() throws {
        let dir = CLI.temporaryDirectory("fake-sbatch"), out = "\(dir)/out"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try fakeSbatch(in: dir, script: """
            n=$(( $(cat "$(dirname "$0")/count" 2>/dev/null || echo 122) + 1 )); echo $n > "$(dirname "$0")/count"
            printf '%s\\n' "$*" >> "$(dirname "$0")/calls"
            echo "Submitted batch job $n"
            """)
        let r = try run(["slurm", config, "--shards", "3", "--submit", "--out", out], pathPrefix: dir)
        XCTAssertEqual(r.status, 0, r.err + r.out)
        let calls = try String(contentsOfFile: "\(dir)/calls", encoding: .utf8)
        XCTAssertEqual(calls, """
            \(out)/slurm/fmriprep-connectivity-shards.sbatch
            --dependency=afterok:123 \(out)/slurm/fmriprep-connectivity-group.sbatch

            """)
        XCTAssertTrue(r.out.contains("submitted array job 123 (3 task(s), 0-2)\n"), r.out)
        XCTAssertTrue(r.out.contains("submitted group job 124 (afterok:123)\n"), r.out)
    }

    func testAFailingSbatchIsReported() throws {
        let dir = CLI.temporaryDirectory("failing-sbatch")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try fakeSbatch(in: dir, script: "echo 'sbatch: error: invalid partition specified: gpu' >&2; exit 1")
        let r = try run(["slurm", config, "--shards", "2", "--submit", "--out", "\(dir)/out"], pathPrefix: dir)
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.err.contains("failed: sbatch: error: invalid partition specified: gpu"), r.err)
        XCTAssertFalse(r.out.contains("submitted"), r.out)
    }

    func testStatusShowsDoneFailedAndPendingPerSubjectAndStep() throws {
        let study = CLI.temporaryDirectory("status-study"), out = CLI.temporaryDirectory("status-out")
        defer { try? FileManager.default.removeItem(atPath: study); try? FileManager.default.removeItem(atPath: out) }
        // sub-02's BOLD cut in half: its time series step fails
        let cfg = try CLI.sampleStudyWithTruncatedSub02(at: study, config: config)

        let none = try CLI.run(["status", out])
        XCTAssertNotEqual(none.status, 0)
        XCTAssertTrue(none.err.contains("has no run ledger"), none.err)

        // shard 1 of 2 (subjects 01 and 03): those done, sub-02 and the group pending
        XCTAssertEqual(try CLI.run(["run", cfg, "--out", out, "--shard", "1/2", "--skip-group"]).status, 0)
        let partial = try CLI.run(["status", out])
        XCTAssertEqual(partial.status, 0, partial.err + partial.out)
        let rows = partial.out.split(separator: "\n").map(String.init)
        XCTAssertTrue(rows.contains { $0.hasPrefix("01 ") && $0.contains(" timeseries") && $0.hasSuffix(" done") }, partial.out)
        XCTAssertTrue(rows.contains { $0.hasPrefix("02 ") && $0.contains(" timeseries") && $0.hasSuffix(" pending") }, partial.out)
        XCTAssertTrue(rows.contains { $0.hasPrefix("group ") && $0.hasSuffix(" pending") }, partial.out)
        XCTAssertTrue(rows.last?.contains(" 0 failed, ") == true, partial.out)

        // the rest: sub-02 fails, the group steps that read it are not run; status exits 1 and names the first error
        XCTAssertNotEqual(try CLI.run(["run", cfg, "--out", out]).status, 0)
        // asking changes nothing in the output folder: the ledger is opened read-only
        func ledgerFiles() throws -> [String: Data] {
            let dir = out + "/.neurorep"
            return try Dictionary(uniqueKeysWithValues: FileManager.default.contentsOfDirectory(atPath: dir)
                .filter { $0 == "ledger.sqlite" || $0 == "ledger.sqlite-wal" }.map { ($0, try Data(contentsOf: URL(fileURLWithPath: dir + "/" + $0))) })
        }
        // inputs touched since the run: status hashes them again, and must not cache the sums
        let touched = Date(timeIntervalSinceNow: 60)
        for f in FileManager.default.subpaths(atPath: study) ?? [] where f.hasSuffix(".nii.gz") {
            try FileManager.default.setAttributes([.modificationDate: touched], ofItemAtPath: study + "/" + f)
        }
        let before = try ledgerFiles()
        let failed = try CLI.run(["status", out, "--config", cfg])
        XCTAssertEqual(try ledgerFiles(), before, "status wrote to the ledger")
        XCTAssertEqual(failed.status, 1, failed.err + failed.out)
        XCTAssertTrue(failed.out.split(separator: "\n").contains { $0.hasPrefix("02 ") && $0.contains(" failed ") && $0.contains("gzip stream cut short") }, failed.out)
        XCTAssertTrue(failed.out.contains("\nfirst error: 02 / timeseries atlas-sample: "), failed.out)
        XCTAssertTrue(failed.out.split(separator: "\n").last?.contains("gzip stream cut short") == true, failed.out)
        XCTAssertFalse(failed.out.split(separator: "\n").dropLast(2).contains { $0.hasSuffix(" pending") }, failed.out)
    }

    /// An executable `sbatch` in `dir` running `script`.
    private func fakeSbatch(in dir: String, script: String) throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try ("#!/bin/bash\n" + script + "\n").write(toFile: "\(dir)/sbatch", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: "\(dir)/sbatch")
    }

    /// Runs the binary with `pathPrefix` first on PATH.
    private func run(_ args: [String], pathPrefix: String) throws -> CLI.Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CLI.binary)
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = pathPrefix + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        p.environment = env
        let o = Pipe(), e = Pipe()
        p.standardOutput = o
        p.standardError = e
        try p.run()
        let out = o.fileHandleForReading.readDataToEndOfFile()
        let err = e.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return CLI.Result(status: p.terminationStatus, out: String(decoding: out, as: UTF8.self), err: String(decoding: err, as: UTF8.self))
    }
}
